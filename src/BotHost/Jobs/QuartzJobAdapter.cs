using System.Globalization;
using Quartz;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// The one Quartz job type: runs the registered <see cref="IAttendanceJob"/> named in its job data with default
/// arguments (plus the trigger's department, if any). Not concurrent per job key, so a slow run and the next fire never overlap, even across a cluster.
/// </summary>
[DisallowConcurrentExecution]
public sealed class QuartzJobAdapter(JobRegistry registry, ILogger<QuartzJobAdapter> logger) : IJob
{
    public const string JobNameKey = "job";

    /// <summary>Trigger job data naming the department a run is for (per-department digest triggers).</summary>
    public const string DepartmentIdKey = "departmentId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.MergedJobDataMap.GetString(JobNameKey) ?? context.JobDetail.Key.Name;
        try
        {
            var department = long.TryParse(context.MergedJobDataMap.GetString(DepartmentIdKey), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : (long?)null;
            var origin = context.ScheduledFireTimeUtc is { } fireTime ? JobRunOrigin.Scheduled(fireTime) : JobRunOrigin.Manual;
            await registry.RunAsync(name, new JobArguments(DepartmentId: department), origin, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Scheduled job {Job} failed", name);
            throw new JobExecutionException(e);
        }
    }
}
