using Quartz;
using RulesTimeZones = Attendance.Rules.Common.TimeZones;

namespace Attendance.BotHost.Scheduling;

/// <summary>
/// Puts each scheduled job's cron trigger into the (persistent) scheduler at start-up. An existing trigger with the
/// same cron and zone is left alone: replacing it would forget a fire time missed while the service was down.
/// </summary>
public sealed class JobScheduleSetup(JobRegistry registry, SchedulingOptions options, ILogger<JobScheduleSetup> logger)
{
    public const string Group = "attendance";

    public async Task ApplyAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        foreach (var job in registry.Jobs)
        {
            var schedule = Effective(job);
            var triggerKey = new TriggerKey(job.Name, Group);
            var jobKey = new JobKey(job.Name, Group);
            if (schedule is null)
            {
                await scheduler.UnscheduleJob(triggerKey, cancellationToken);
                continue;
            }

            var zone = RulesTimeZones.TryFind(schedule.TimeZone, out var tz) ? tz : TimeZoneInfo.Utc;
            if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ICronTrigger existing
                && existing.CronExpressionString == schedule.Cron && existing.TimeZone.Id == zone.Id
                && existing.MisfireInstruction == Instruction(schedule.Misfire))
            {
                continue;
            }

            var detail = JobBuilder.Create<QuartzJobAdapter>().WithIdentity(jobKey).UsingJobData(QuartzJobAdapter.JobNameKey, job.Name)
                .StoreDurably().Build();
            var trigger = TriggerBuilder.Create().WithIdentity(triggerKey).ForJob(jobKey)
                .WithCronSchedule(schedule.Cron, c =>
                {
                    c.InTimeZone(zone);
                    c.WithMisfireInstruction(Instruction(schedule.Misfire));
                })
                .Build();
            try
            {
                await scheduler.ScheduleJob(detail, new List<ITrigger> { trigger }, new ScheduleJobOptions { Replace = true }, cancellationToken);
                logger.LogInformation("Scheduled job {Job}: '{Cron}' in {Zone}", job.Name, schedule.Cron, zone.Id);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Another node of the cluster scheduled it at the same moment; its copy is the same.
            }
        }
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
