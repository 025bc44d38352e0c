using Attendance.BotHost.Configuration;
using Attendance.BotHost.Jobs;
using Attendance.Data;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Contacts;

public enum MemberSyncOutcome
{
    Unchanged,
    Changed,

    /// <summary>WeCom's data failed our validation; logged, nothing stored.</summary>
    Invalid,

    /// <summary>60011: the member is outside the app's visible range, so WeCom will not tell us about them.</summary>
    OutsideVisibility,

    /// <summary>60111 for a userid we never stored (nothing to mark as left).</summary>
    NotFound,
}

/// <summary>What syncing one member did; <see cref="Left"/> and <see cref="Inactive"/> describe the stored result.</summary>
public sealed record MemberSyncResult(MemberSyncOutcome Outcome, bool Left = false, bool Inactive = false);

/// <summary>
/// One member or one department from WeCom into our directory: the single mapping used by the nightly
/// <c>directory-sync</c> and by the live <c>change_contact</c> events. Member: name, departments, main department,
/// direct leaders and status (5 = left: inactive with leftOn today in the company zone; 2 = disabled: inactive).
/// Department: name, parent, department_leader. Roles, joining dates and digest settings are ours and are kept.
/// Every change goes through the repositories, so it is audited under the caller's actor and the punch path's
/// employee cache sees it at once.
/// </summary>
public sealed class WeComDirectorySync(DepartmentRepository departments, EmployeeRepository employees, CompanyClock clock,
    ILogger<WeComDirectorySync> logger)
{
    /// <summary>
    /// Fetches <paramref name="userId"/> with user/get and stores it. A member outside the visible range (60011) is
    /// skipped, never marked as left: not seeing someone says nothing about them. A member WeCom no longer has (60111)
    /// has left if we know them and is skipped otherwise. <paramref name="basis"/> stands in for the stored record when
    /// there is none (a renamed userid carries the old record's roles and joining date).
    /// </summary>
    public async Task<MemberSyncResult> SyncMemberAsync(WeComClient client, string userId, string actor, Employee? basis = null,
        CancellationToken cancellationToken = default)
    {
        var existing = await employees.GetAsync(userId, cancellationToken);
        CgiBinUserGetResponse user;
        try
        {
            user = await client.ExecuteCgiBinUserGetAsync(userId, cancellationToken);
        }
        catch (WeComException e) when (e.ErrorCode == WeComErrorCodes.OutsideVisibility)
        {
            logger.LogWarning("{Actor}: member {UserId} is outside the app's visible range (errcode 60011); skipped, stored record kept",
                actor, userId);
            return new MemberSyncResult(MemberSyncOutcome.OutsideVisibility);
        }
        catch (WeComException e) when (e.ErrorCode == WeComErrorCodes.UserNotFound)
        {
            if (existing is null)
            {
                logger.LogWarning("{Actor}: member {UserId} is not in the WeCom directory (errcode 60111) and not in ours; skipped", actor, userId);
                return new MemberSyncResult(MemberSyncOutcome.NotFound);
            }

            user = LeftResponse(existing);
        }

        return await StoreAsync(userId, user, existing ?? basis, actor, cancellationToken);
    }

    /// <summary>The member was deleted from WeCom: inactive, leaving today unless a leaving date is already stored.</summary>
    public async Task<MemberSyncResult> MarkLeftAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        var existing = await employees.GetAsync(userId, cancellationToken);
        return existing is null
            ? new MemberSyncResult(MemberSyncOutcome.NotFound)
            : await StoreAsync(userId, LeftResponse(existing), existing, actor, cancellationToken);
    }

    /// <summary>Stores a department from department/list, keeping our digest settings; null when WeCom's data is invalid.</summary>
    public async Task<(Department? Department, bool Changed)> SyncDepartmentAsync(WeComDepartment remote, string actor,
        CancellationToken cancellationToken = default)
    {
        var existing = await departments.GetAsync(remote.Id, cancellationToken);
        var digest = existing?.Digest ?? DigestSettings.None;
        var spec = new DepartmentSpec(remote.Name, remote.ParentId > 0 ? remote.ParentId : null, remote.DepartmentLeader ?? [],
            new DigestSpec(digest.RobotKey, digest.ChatId, digest.Cron, digest.TimeZone));
        var errors = new FieldErrors();
        if (DirectoryValidator.Validate(remote.Id, spec, errors) is not { } department)
        {
            logger.LogWarning("{Actor} skipped department {Id}: {Errors}", actor, remote.Id, Describe(errors));
            return (null, false);
        }

        return (department, await departments.UpsertAsync(department, actor, cancellationToken) != UpsertOutcome.Unchanged);
    }

    private static CgiBinUserGetResponse LeftResponse(Employee existing) =>
        new() { UserId = existing.UserId, Name = existing.Name, Status = CgiBinUserGetResponse.StatusLeft };

    private async Task<MemberSyncResult> StoreAsync(string userId, CgiBinUserGetResponse user, Employee? existing, string actor,
        CancellationToken cancellationToken)
    {
        var departmentIds = user.Department is { Count: > 0 } listed ? listed.Where(d => d > 0).Distinct().ToList() : [.. existing?.DepartmentIds ?? []];
        var main = user.MainDepartment is { } m && departmentIds.Contains(m) ? m : departmentIds.FirstOrDefault();
        var (active, leftOn) = user.Status switch
        {
            CgiBinUserGetResponse.StatusLeft => (false, existing?.LeftOn ?? clock.Today()),
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
            logger.LogWarning("{Actor} skipped employee {UserId}: {Errors}", actor, userId, Describe(errors));
            return new MemberSyncResult(MemberSyncOutcome.Invalid);
        }

        var changed = await employees.UpsertAsync(employee, actor, cancellationToken) != UpsertOutcome.Unchanged;
        return new MemberSyncResult(changed ? MemberSyncOutcome.Changed : MemberSyncOutcome.Unchanged,
            user.Status == CgiBinUserGetResponse.StatusLeft, !active && user.Status != CgiBinUserGetResponse.StatusLeft);
    }

    private static string Describe(FieldErrors errors) => string.Join("; ", errors.Items.Select(e => $"{e.Field} {e.Message}"));
}
