using Attendance.BotHost.Jobs;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Days;

public sealed record FinalizeSummary(DateOnly Date, int Evaluated, int Final, IReadOnlyDictionary<string, int> ByStatus);

/// <summary>
/// <c>finalize-days</c>: evaluates a date for everyone. A day is stored as final only when its last check-out window
/// has closed and no punch waits for review (<see cref="DayResult.IsFinal"/>); the others stay provisional and are
/// evaluated again by the next run or the next input change.
/// </summary>
public sealed class FinalizeDaysJob(DayService days) : IAttendanceJob
{
    public const string Name = "finalize-days";

    /// <summary>Through the job registry (Quartz, and <c>POST /api/admin/jobs/finalize-days/trigger</c>).</summary>
    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        var summary = await RunAsync(arguments.Date, cancellationToken);
        return new JobSummary(new Dictionary<string, long> { ["evaluated"] = summary.Evaluated, ["final"] = summary.Final },
            $"date {summary.Date:yyyy-MM-dd}", summary);
    }

    public async Task<FinalizeSummary> RunAsync(DateOnly? date, CancellationToken cancellationToken = default)
    {
        var target = date ?? days.Today().AddDays(-1);
        var run = await days.EvaluateAsync(target, cancellationToken: cancellationToken);
        var byStatus = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var final = 0;
        foreach (var d in run.Days)
        {
            byStatus[d.StatusName] = byStatus.GetValueOrDefault(d.StatusName) + 1;
            final += d.IsFinal ? 1 : 0;
        }

        return new FinalizeSummary(target, run.Days.Count, final, byStatus);
    }
}
