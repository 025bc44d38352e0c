using Attendance.BotHost.Scheduling;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// <c>directory-sync</c>: departments (name, parent, department_leader) from department/list, then user/get for every
/// employee we know and every department leader: name, departments, main department, direct leaders, and status
/// (5 = left: inactive with leftOn today; 2 = disabled: inactive). Changes go through the repositories, so each is
/// audited, as actor <c>directory-sync</c>. Digest settings and roles are ours and are kept.
/// </summary>
public sealed class DirectorySyncJob(
    WeComSettings wecom, IServiceProvider services, DepartmentRepository departments, EmployeeRepository employees, JobClock clock,
    ILogger<DirectorySyncJob> logger) : IAttendanceJob
{
    public const string Name = "directory-sync";
    public const string Actor = "directory-sync";

    // WeCom's "userid not found": the member was deleted from the directory, which for us means they left.
    private const int UserNotFound = 60111;

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        if (wecom.Value.ValidateApi().Count > 0)
        {
            return new JobSummary(new Dictionary<string, long>(), "WeCom is not configured; nothing synced");
        }

        var client = services.GetRequiredService<WeComClient>();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["departments"] = 0, ["departmentsChanged"] = 0, ["employees"] = 0, ["employeesChanged"] = 0, ["left"] = 0, ["inactive"] = 0, ["skipped"] = 0,
        };

        var remote = await client.ExecuteCgiBinDepartmentListAsync(arguments.DepartmentId, cancellationToken);
        var userIds = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var d in remote.Department.OrderBy(d => d.Id))
        {
            counts["departments"]++;
            var existing = await departments.GetAsync(d.Id, cancellationToken);
            var digest = existing?.Digest ?? DigestSettings.None;
            var spec = new DepartmentSpec(d.Name, d.ParentId > 0 ? d.ParentId : null, d.DepartmentLeader ?? [],
                new DigestSpec(digest.RobotKey, digest.ChatId, digest.Cron, digest.TimeZone));
            var errors = new FieldErrors();
            if (DirectoryValidator.Validate(d.Id, spec, errors) is not { } department)
            {
                counts["skipped"]++;
                logger.LogWarning("directory-sync skipped department {Id}: {Errors}", d.Id, string.Join("; ", errors.Items.Select(e => $"{e.Field} {e.Message}")));
                continue;
            }

            if (await departments.UpsertAsync(department, Actor, cancellationToken) != Data.UpsertOutcome.Unchanged)
            {
                counts["departmentsChanged"]++;
            }

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
            await SyncUserAsync(client, userId, counts, cancellationToken);
        }

        return new JobSummary(counts);
    }

    private async Task SyncUserAsync(WeComClient client, string userId, Dictionary<string, long> counts, CancellationToken cancellationToken)
    {
        counts["employees"]++;
        var existing = await employees.GetAsync(userId, cancellationToken);
        CgiBinUserGetResponse user;
        try
        {
            user = await client.ExecuteCgiBinUserGetAsync(userId, cancellationToken);
        }
        catch (WeComException e) when (e.ErrorCode == UserNotFound && existing is not null)
        {
            user = new CgiBinUserGetResponse { UserId = userId, Name = existing.Name, Status = CgiBinUserGetResponse.StatusLeft };
        }

        var departmentIds = user.Department is { Count: > 0 } listed ? listed.Where(d => d > 0).Distinct().ToList() : [.. existing?.DepartmentIds ?? []];
        var main = user.MainDepartment is { } m && departmentIds.Contains(m) ? m : departmentIds.FirstOrDefault();
        var (active, leftOn) = user.Status switch
        {
            CgiBinUserGetResponse.StatusLeft => (false, existing?.LeftOn ?? clock.Today),
            CgiBinUserGetResponse.StatusDisabled => (false, existing?.LeftOn),
            _ => (true, (DateOnly?)null),
        };
        var spec = new EmployeeSpec(user.Name ?? existing?.Name, departmentIds, main,
            (user.DirectLeader ?? []).Where(l => !string.Equals(l, userId, StringComparison.OrdinalIgnoreCase)).ToList(), active,
            existing?.Roles.Select(r => r.ToString().ToLowerInvariant()).ToList() ?? [], existing?.JoinedOn,
            leftOn is { } l && existing?.JoinedOn is { } j && l < j ? j : leftOn);
        var errors = new FieldErrors();
        if (DirectoryValidator.Validate(userId, spec, errors) is not { } employee)
        {
            counts["skipped"]++;
            logger.LogWarning("directory-sync skipped employee {UserId}: {Errors}", userId, string.Join("; ", errors.Items.Select(e => $"{e.Field} {e.Message}")));
            return;
        }

        if (await employees.UpsertAsync(employee, Actor, cancellationToken) != Data.UpsertOutcome.Unchanged)
        {
            counts["employeesChanged"]++;
        }

        if (user.Status == CgiBinUserGetResponse.StatusLeft)
        {
            counts["left"]++;
        }
        else if (!active)
        {
            counts["inactive"]++;
        }
    }
}
