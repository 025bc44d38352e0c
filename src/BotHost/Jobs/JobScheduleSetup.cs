using System.Globalization;
using Quartz;
using RulesTimeZones = Attendance.Rules.Common.TimeZones;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// Puts each scheduled job's cron trigger into the (persistent) scheduler at start-up. An existing trigger with the
/// same cron and zone is left alone: replacing it would forget a fire time missed while the service was down.
/// </summary>
public sealed class JobScheduleSetup(JobRegistry registry, SchedulingOptions options, IEnumerable<IScheduleSource> sources,
    ILogger<JobScheduleSetup> logger)
{
    public const string Group = "attendance";

    public async Task ApplyAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        foreach (var job in registry.Jobs)
        {
            if (Effective(job) is { } schedule)
            {
                await EnsureTriggerAsync(scheduler, job.Name, job.Name, schedule, new JobArguments(), cancellationToken);
            }
            else
            {
                await scheduler.UnscheduleJob(new TriggerKey(job.Name, Group), cancellationToken);
            }
        }

        foreach (var source in sources)
        {
            await source.ApplyAsync(scheduler, this, cancellationToken);
        }
    }

    /// <summary>
    /// Makes <paramref name="triggerName"/> fire job <paramref name="jobName"/> on <paramref name="schedule"/> with
    /// <paramref name="arguments"/> (a department's digest: trigger <c>digest:{id}</c> with its department id).
    /// Returns false when an identical trigger is already stored, which is then left alone.
    /// </summary>
    public async Task<bool> EnsureTriggerAsync(IScheduler scheduler, string jobName, string triggerName, JobSchedule schedule,
        JobArguments arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(arguments);
        var triggerKey = new TriggerKey(triggerName, Group);
        var jobKey = new JobKey(jobName, Group);
        var zone = RulesTimeZones.TryFind(schedule.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger existing
            && existing.CronExpressionString == schedule.Cron && existing.TimeZone.Id == zone.Id
            && existing.MisfireInstruction == Instruction(schedule.Misfire)
            && existing.JobDataMap.GetString(QuartzJobAdapter.DepartmentIdKey) == arguments.DepartmentId?.ToString(CultureInfo.InvariantCulture))
        {
            return false;
        }

        var detail = JobBuilder.Create<QuartzJobAdapter>().WithIdentity(jobKey).UsingJobData(QuartzJobAdapter.JobNameKey, jobName)
            .StoreDurably().Build();
        var builder = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(jobKey)
            .WithCronSchedule(schedule.Cron, c =>
            {
                c.InTimeZone(zone);
                c.WithMisfireInstruction(Instruction(schedule.Misfire));
            });
        if (arguments.DepartmentId is { } departmentId)
        {
            builder = builder.UsingJobData(QuartzJobAdapter.DepartmentIdKey, departmentId.ToString(CultureInfo.InvariantCulture));
        }

        try
        {
            await scheduler.ScheduleJob(detail, new List<ITrigger> { builder.Build() }, new ScheduleJobOptions { Replace = true }, cancellationToken);
            logger.LogInformation("Scheduled {Trigger} of job {Job}: '{Cron}' in {Zone}", triggerName, jobName, schedule.Cron, zone.Id);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Another node of the cluster scheduled it at the same moment; its copy is the same.
        }

        return true;
    }

    private JobSchedule? Effective(JobRegistration job)
    {
        if (!options.Jobs.TryGetValue(job.Name, out var cron))
        {
            return job.Schedule;
        }

        return string.IsNullOrWhiteSpace(cron) ? null : (job.Schedule ?? new JobSchedule(cron)) with { Cron = cron };
    }

    private static CronTriggerMisfireInstruction Instruction(MisfirePolicy policy) => policy == MisfirePolicy.FireOnceNow
        ? CronTriggerMisfireInstruction.FireAndProceed
        : CronTriggerMisfireInstruction.DoNothing;
}

/// <summary>Triggers that come from data rather than code (a department's own digest cron).</summary>
public interface IScheduleSource
{
    Task ApplyAsync(IScheduler scheduler, JobScheduleSetup setup, CancellationToken cancellationToken);
}
