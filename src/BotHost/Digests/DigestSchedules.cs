using Attendance.BotHost.Jobs;
using Attendance.Data.Repositories;
using Quartz;

namespace Attendance.BotHost.Digests;

/// <summary>
/// A department with its own digest cron (and time zone) gets its own trigger <c>digest:{id}</c>, applied when the
/// scheduler starts. A cron Quartz cannot read is logged and skipped, so one bad department does not stop the others.
/// </summary>
public sealed class DigestSchedules(DepartmentRepository departments, IConfiguration configuration, ILogger<DigestSchedules> logger) : IScheduleSource
{
    public async Task ApplyAsync(IScheduler scheduler, JobScheduleSetup setup, CancellationToken cancellationToken)
    {
        var companyZone = configuration["Attendance:TimeZone"] is { Length: > 0 } z ? z : Rules.Common.TimeZones.Default;
        foreach (var department in await departments.ListAsync(cancellationToken))
        {
            if (department.Digest.Cron is not { } cron)
            {
                continue;
            }

            try
            {
                _ = new CronExpression(cron);
            }
            catch (FormatException)
            {
                logger.LogWarning("Department {Department} has a digest cron Quartz cannot read ({Cron}); its digest goes with the default run", department.Id, cron);
                continue;
            }

            await setup.EnsureTriggerAsync(scheduler, DigestJob.Name, $"digest:{department.Id}",
                new JobSchedule(cron, department.Digest.TimeZone ?? companyZone, MisfirePolicy.FireOnceNow),
                new JobArguments(DepartmentId: department.Id), cancellationToken);
        }
    }
}
