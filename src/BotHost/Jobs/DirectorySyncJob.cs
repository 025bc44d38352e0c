using Attendance.BotHost.Contacts;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Repositories;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// <c>directory-sync</c>: departments from department/list, then user/get for every employee we know and every
/// department leader, each stored by <see cref="WeComDirectorySync"/> (the mapping the live change_contact events use
/// too), audited as actor <c>directory-sync</c>. The nightly reconciliation behind those events. One member WeCom
/// will not show us (outside the app's visible range, or gone before we ever stored them) is counted and skipped,
/// never a reason to leave everyone else unsynced.
/// </summary>
public sealed class DirectorySyncJob(WeComSettings wecom, IServiceProvider services, WeComDirectorySync sync, EmployeeRepository employees)
    : IAttendanceJob
{
    public const string Name = "directory-sync";
    public const string Actor = "directory-sync";

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        if (wecom.Value.ValidateApi().Count > 0)
        {
            return new JobSummary(new Dictionary<string, long>(), "WeCom is not configured; nothing synced");
        }

        var client = services.GetRequiredService<WeComClient>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["departments"] = 0, ["departmentsChanged"] = 0, ["employees"] = 0, ["employeesChanged"] = 0, ["left"] = 0, ["inactive"] = 0,
            ["skipped"] = 0, ["outsideVisibility"] = 0, ["notFound"] = 0,
        };

        var remote = await client.ExecuteCgiBinDepartmentListAsync(arguments.DepartmentId, cancellationToken);
        var userIds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var d in remote.Department.OrderBy(d => d.Id))
        {
            counts["departments"]++;
            var (department, changed) = await sync.SyncDepartmentAsync(d, Actor, cancellationToken);
            if (department is null)
            {
                counts["skipped"]++;
                continue;
            }

            counts["departmentsChanged"] += changed ? 1 : 0;
            userIds.UnionWith(department.LeaderUserIds);
        }

        for (var offset = 0; ; offset += 500)
        {
            var page = await employees.ListAsync(new EmployeeQuery(arguments.DepartmentId, Limit: 500, Offset: offset), cancellationToken);
            userIds.UnionWith(page.Select(e => e.UserId));
            if (page.Count < 500)
            {
                break;
            }
        }

        foreach (var userId in userIds)
        {
            counts["employees"]++;
            var result = await sync.SyncMemberAsync(client, userId, Actor, cancellationToken: cancellationToken);
            var key = result.Outcome switch
            {
                MemberSyncOutcome.Changed => "employeesChanged",
                MemberSyncOutcome.Invalid => "skipped",
                MemberSyncOutcome.OutsideVisibility => "outsideVisibility",
                MemberSyncOutcome.NotFound => "notFound",
                _ => null,
            };
            if (key is not null)
            {
                counts[key]++;
            }

            counts["left"] += result.Left ? 1 : 0;
            counts["inactive"] += result.Inactive ? 1 : 0;
        }

        return new JobSummary(counts);
    }
}
