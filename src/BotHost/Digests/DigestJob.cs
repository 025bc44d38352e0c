using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Schedule;
using Attendance.BotHost.Scheduling;
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
public sealed class DigestJob(DayService days, DepartmentRepository departments, DigestPublisher publisher) : IAttendanceJob
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
        var names = run.Employees.ToDictionary(e => e.UserId, StringComparer.Ordinal);
        var children = all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        long published = 0, enqueued = 0, already = 0;
        foreach (var department in targets)
        {
            var subtree = Subtree(department.Id, children);
            var rows = run.Days
                .Where(d => d.Status is not (DayStatus.Rest or DayStatus.Holiday) && names.TryGetValue(d.UserId, out var e) && e.DepartmentIds.Any(subtree.Contains))
                .Select(d => DigestRow.From(d, names[d.UserId].Name))
                .ToList();
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

        return new JobSummary(new Dictionary<string, long>
        {
            ["departments"] = published,
            ["messagesQueued"] = enqueued,
            ["alreadyQueued"] = already,
        }, $"date {date:yyyy-MM-dd}");
    }

    private static HashSet<long> Subtree(long root, ILookup<long, long> children)
    {
        var result = new HashSet<long>();
        var pending = new Stack<long>([root]);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (result.Add(id))
            {
                foreach (var child in children[id])
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }
}
