using System.Globalization;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.WeCom;
using Attendance.WeCom.Callback;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Contacts;

/// <summary>
/// <c>change_contact</c> events (成员变更通知 90970, 部门变更通知 90971) keep the directory within seconds of WeCom;
/// directory-sync reconciles nightly. Member events for callback URLs configured since 2022-08-15 carry only UserID
/// and Department, so members and departments are fetched (user/get, department/list?id=) and stored by
/// <see cref="WeComDirectorySync"/>, audited as <see cref="Actor"/>. Bad input is logged and dropped: the callback
/// has already been answered, and throwing would only end in the dispatcher's log.
/// <list type="bullet">
/// <item>create_user / update_user: the member is fetched and stored (created if new: the event only reaches apps whose
/// visible range holds them). Status 2/5 makes them inactive at once, for sessions and punching alike.</item>
/// <item>update_user with NewUserID (a renamed userid): the new userid is synced, carrying the old record's roles and
/// joining date; the old record is made inactive, not deleted, because punches, days and consents stay under the
/// old userid (merging them is an operator's decision). Logged as a warning.</item>
/// <item>delete_user: inactive, leaving today (company zone). An employee we never stored is ignored.</item>
/// <item>create_party / update_party: fetched and upserted; our digest settings are kept.</item>
/// <item>delete_party: the department is removed (audited) only when no employee of ours, present or past, lists it and
/// no department of ours hangs under it; otherwise it is kept so history and reports still name it.</item>
/// </list>
/// </summary>
public sealed class ContactChangeHandler(WeComSettings wecom, IServiceProvider services, WeComDirectorySync sync,
    DepartmentRepository departments, EmployeeRepository employees, ILogger<ContactChangeHandler> logger) : ICallbackHandler
{
    public const string Actor = "wecom-contact-event";

    public string MsgType => "event";

    public string? Event => "change_contact";

    public async Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken)
    {
        var changeType = message.Elements.GetValueOrDefault("ChangeType");
        switch (changeType)
        {
            case "create_user" or "update_user" or "delete_user":
                await MemberAsync(message, changeType, cancellationToken);
                break;
            case "create_party" or "update_party" or "delete_party":
                await DepartmentAsync(message, changeType, cancellationToken);
                break;
            default:
                // Tag changes (update_tag) and whatever WeCom adds later: not ours to follow.
                logger.LogInformation("change_contact {ChangeType} ignored", Clip(changeType));
                break;
        }
    }

    private async Task MemberAsync(WeComCallbackMessage message, string changeType, CancellationToken cancellationToken)
    {
        var userId = message.Elements.GetValueOrDefault("UserID");
        if (!Identifiers.IsUserId(userId))
        {
            logger.LogWarning("change_contact {ChangeType} without a valid UserID ({UserId}); ignored", changeType, Clip(userId));
            return;
        }

        if (changeType == "delete_user")
        {
            var left = await sync.MarkLeftAsync(userId!, Actor, cancellationToken);
            if (left.Outcome == MemberSyncOutcome.NotFound)
            {
                logger.LogInformation("change_contact delete_user {UserId}: not in our directory; nothing to do", userId);
            }

            return;
        }

        if (Client() is not { } client)
        {
            return;
        }

        var newUserId = message.Elements.GetValueOrDefault("NewUserID");
        if (string.IsNullOrEmpty(newUserId) || newUserId == userId)
        {
            await sync.SyncMemberAsync(client, userId!, Actor, cancellationToken: cancellationToken);
            return;
        }

        if (!Identifiers.IsUserId(newUserId))
        {
            logger.LogWarning("change_contact update_user {UserId} with an invalid NewUserID ({NewUserId}); ignored", userId, Clip(newUserId));
            return;
        }

        await RenameAsync(client, userId!, newUserId, cancellationToken);
    }

    private async Task RenameAsync(WeComClient client, string oldId, string newId, CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "WeCom changed userid {OldUserId} to {NewUserId}: {NewUserId} is synced with the old roles; {OldUserId} is made inactive and keeps its history",
            oldId, newId, newId, oldId);
        var old = await employees.GetAsync(oldId, cancellationToken);
        var synced = await sync.SyncMemberAsync(client, newId, Actor, old, cancellationToken);
        if (old is { Active: true } && synced.Outcome is MemberSyncOutcome.Changed or MemberSyncOutcome.Unchanged)
        {
            await employees.UpsertAsync(old with { Active = false }, Actor, cancellationToken);
        }
    }

    private async Task DepartmentAsync(WeComCallbackMessage message, string changeType, CancellationToken cancellationToken)
    {
        var idText = message.Elements.GetValueOrDefault("Id");
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !Identifiers.IsDepartmentId(id))
        {
            logger.LogWarning("change_contact {ChangeType} without a valid department Id ({Id}); ignored", changeType, Clip(idText));
            return;
        }

        if (changeType == "delete_party")
        {
            await RemoveDepartmentAsync(id, cancellationToken);
            return;
        }

        if (Client() is not { } client)
        {
            return;
        }

        WeCom.Models.CgiBinDepartmentListResponse listed;
        try
        {
            listed = await client.ExecuteCgiBinDepartmentListAsync(id, cancellationToken);
        }
        catch (WeComException e) when (e.ErrorCode is WeComErrorCodes.OutsideVisibility or WeComErrorCodes.InvalidDepartmentId)
        {
            logger.LogWarning("change_contact {ChangeType} {Id}: department/list answered errcode {ErrorCode}; skipped", changeType, id, e.ErrorCode);
            return;
        }

        if (listed.Department.FirstOrDefault(d => d.Id == id) is not { } remote)
        {
            logger.LogWarning("change_contact {ChangeType} {Id}: WeCom did not list the department; skipped", changeType, id);
            return;
        }

        await sync.SyncDepartmentAsync(remote, Actor, cancellationToken);
    }

    private async Task RemoveDepartmentAsync(long id, CancellationToken cancellationToken)
    {
        if (await departments.GetAsync(id, cancellationToken) is null)
        {
            logger.LogInformation("change_contact delete_party {Id}: not in our directory; nothing to do", id);
            return;
        }

        var members = await employees.ListAsync(new EmployeeQuery(DepartmentId: id, Limit: 1), cancellationToken);
        var children = (await departments.ListAsync(cancellationToken)).Any(d => d.ParentId == id);
        if (members.Count > 0 || children)
        {
            logger.LogWarning("change_contact delete_party {Id}: kept, still named by our employees or departments", id);
            return;
        }

        await departments.DeleteAsync(id, Actor, cancellationToken);
    }

    private WeComClient? Client()
    {
        if (wecom.Value.ValidateApi().Count > 0)
        {
            logger.LogWarning("change_contact ignored: the WeCom API is not configured; directory-sync will reconcile once it is");
            return null;
        }

        return services.GetRequiredService<WeComClient>();
    }

    // Event fields are WeCom's, but a log line is no place for an unbounded string.
    private static string? Clip(string? value) => value is { Length: > 64 } ? value[..64] + "…" : value;
}
