using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Days;
using Attendance.BotHost.Jobs;
using Attendance.Data.Repositories;
using Attendance.Rules.Digests;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Digests;

/// <summary>
/// <c>digest</c>: yesterday's full digest (or <c>date</c>'s) per department, evaluated fresh and put in the outbox.
/// Without a department it publishes every department that has no cron of its own (those fire through their own
/// trigger <c>digest:{id}</c>, see <see cref="DigestSchedules"/>); with one, that department alone. Publishing is
/// idempotent (outbox dedupe keys), so a second trigger sends nothing new.
/// </summary>
public sealed class DigestJob(DayService days, DepartmentRepository departments, DigestPublisher publisher, Reviews.ReviewEscalation escalation) : IAttendanceJob
{
    public const string Name = "digest";

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        var date = arguments.Date ?? days.Today().AddDays(-1);
        var all = await departments.ListAsync(cancellationToken);
        IEnumerable<Department> targets;
        if (arguments.DepartmentId is { } id)
        {
            targets = [all.FirstOrDefault(d => d.Id == id) ?? throw InputException.Invalid("departmentId", $"department {id} does not exist")];
        }
        else
        {
            targets = all.Where(d => d.Digest.Cron is null);
        }

        var run = await days.EvaluateAsync(date, cancellationToken: cancellationToken);
        var rowsByDepartment = RowsBySubtree(run, all);
        long published = 0, enqueued = 0, already = 0;
        foreach (var department in targets)
        {
            var rows = rowsByDepartment.TryGetValue(department.Id, out var found) ? found : [];
            var hasChannel = department.Digest.RobotKey is not null || department.Digest.ChatId is not null || department.LeaderUserIds.Count > 0;
            if (rows.Count == 0 || !hasChannel)
            {
                continue;
            }

            var expected = rows.Count(r => r.Status != DayStatus.Leave);
            var result = await publisher.PublishAsync(department, new DigestInput(department.Name, date, DigestKind.Full, rows, expected), cancellationToken);
            published++;
            enqueued += result.Enqueued;
            already += result.AlreadyQueued;
        }

        // 待复核超时 goes to HR with whichever digest of the date runs first; its dedupe key makes the others add nothing.
        var overdue = await escalation.EscalateAsync(date, cancellationToken);
        return new JobSummary(new Dictionary<string, long>
        {
            ["departments"] = published,
            ["messagesQueued"] = enqueued,
            ["alreadyQueued"] = already,
            ["reviewsOverdue"] = overdue,
        }, $"date {date:yyyy-MM-dd}");
    }

    /// <summary>
    /// Each department's rows: the people of its whole subtree. One pass over the days, each row climbing from its
    /// employee's departments to the root, instead of filtering every day once per department (a thousand
    /// departments times tens of thousands of people).
    /// </summary>
    private static Dictionary<long, List<DigestRow>> RowsBySubtree(DayRun run, IReadOnlyList<Department> all)
    {
        var parents = all.ToDictionary(d => d.Id, d => d.ParentId);
        var names = run.Employees.ToDictionary(e => e.UserId, StringComparer.Ordinal);
        var buckets = new Dictionary<long, List<DigestRow>>();
        var reached = new HashSet<long>();
        foreach (var day in run.Days)
        {
            if (day.Status is DayStatus.Rest or DayStatus.Holiday || !names.TryGetValue(day.UserId, out var employee))
            {
                continue;
            }

            var row = DigestRow.From(day, employee.Name);
            reached.Clear();
            foreach (var start in employee.DepartmentIds)
            {
                // Climb to the root; the visited set also stops a parent cycle in bad data.
                for (long? id = start; id is { } current && reached.Add(current); id = parents.GetValueOrDefault(current))
                {
                    if (!buckets.TryGetValue(current, out var list))
                    {
                        buckets[current] = list = [];
                    }

                    list.Add(row);
                }
            }
        }

        return buckets;
    }
}
