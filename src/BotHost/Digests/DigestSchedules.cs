using Attendance.BotHost.Jobs;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Quartz;

namespace Attendance.BotHost.Digests;

/// <summary>
/// A department with its own digest cron (and time zone) gets its own trigger <c>digest:{id}</c>: all of them when the
/// scheduler starts, and one department's again whenever it is changed or deleted through the admin API (the console's
/// 部门 page), so a new digest time applies without a restart. The scheduler's store is the database, so on several
/// hosts the one that took the change updates the trigger for all. A cron Quartz cannot read is logged and skipped, so
/// one bad department does not stop the others.
/// </summary>
public sealed class DigestSchedules(DepartmentRepository departments, IConfiguration configuration, ILogger<DigestSchedules> logger,
    IServiceProvider services) : IScheduleSource
{
    public async Task ApplyAsync(IScheduler scheduler, JobScheduleSetup setup, CancellationToken cancellationToken)
    {
        foreach (var department in await departments.ListAsync(cancellationToken))
        {
            await ApplyOneAsync(scheduler, setup, department.Id, department, cancellationToken);
        }
    }

    /// <summary>
    /// Brings department <paramref name="id"/>'s trigger in line with what is stored now. Nothing to do before the
    /// scheduler has started (its start applies every department) or when scheduling is off on this host.
    /// </summary>
    public async Task RefreshAsync(long id, CancellationToken cancellationToken)
    {
        if (services.GetService<SchedulerHost>()?.Scheduler is not { } scheduler)
        {
            return;
        }

        var setup = services.GetRequiredService<JobScheduleSetup>();
        await ApplyOneAsync(scheduler, setup, id, await departments.GetAsync(id, cancellationToken), cancellationToken);
    }

    private async Task ApplyOneAsync(IScheduler scheduler, JobScheduleSetup setup, long id, Department? department, CancellationToken cancellationToken)
    {
        var trigger = new TriggerKey($"digest:{id}", JobScheduleSetup.Group);
        if (department?.Digest.Cron is not { } cron)
        {
            // Deleted, or back to the company's default run: its own trigger would send a second digest.
            if (await scheduler.UnscheduleJob(trigger, cancellationToken))
            {
                logger.LogInformation("Unscheduled {Trigger}: the department has no digest cron of its own now", trigger.Name);
            }

            return;
        }

        try
        {
            _ = new CronExpression(cron);
        }
        catch (FormatException)
        {
            logger.LogWarning("Department {Department} has a digest cron Quartz cannot read ({Cron}); its digest goes with the default run", id, cron);
            await scheduler.UnscheduleJob(trigger, cancellationToken);
            return;
        }

        var companyZone = configuration["Attendance:TimeZone"] is { Length: > 0 } z ? z : Rules.Common.TimeZones.Default;
        await setup.EnsureTriggerAsync(scheduler, DigestJob.Name, trigger.Name,
            new JobSchedule(cron, department.Digest.TimeZone ?? companyZone, MisfirePolicy.FireOnceNow),
            new JobArguments(DepartmentId: id), cancellationToken);
    }
}
