using System.Globalization;
using System.Security;

namespace Attendance.WeCom.Simulator;

/// <summary>
/// Plain XML of the <c>change_contact</c> events WeCom posts to the app's callback URL (pass it to
/// <see cref="SimulatedCallbacks.Build"/>). Member events: 成员变更通知, developer.work.weixin.qq.com/document/path/90970;
/// department events: 部门变更通知, developer.work.weixin.qq.com/document/path/90971. FromUserName is always
/// <c>sys</c>. Member events carry only UserID and Department (plus NewUserID on a rename), as WeCom sends them to
/// callback URLs configured after 2022-08-15; the service must fetch the rest with user/get.
/// </summary>
public sealed class SimulatedContactEvents(string corpId, TimeProvider timeProvider)
{
    public string CreateUser(string userId, IEnumerable<long> departments, long? createTime = null) =>
        Event("create_user", createTime, Leaf("UserID", userId) + Leaf("Department", Ids(departments)));

    /// <summary>An update; <paramref name="newUserId"/> is set when the member's userid was changed.</summary>
    public string UpdateUser(string userId, IEnumerable<long> departments, string? newUserId = null, long? createTime = null) =>
        Event("update_user", createTime, Leaf("UserID", userId) + (newUserId is null ? "" : Leaf("NewUserID", newUserId))
            + Leaf("Department", Ids(departments)));

    public string DeleteUser(string userId, long? createTime = null) =>
        Event("delete_user", createTime, Leaf("UserID", userId));

    public string CreateParty(long id, string name, long parentId, long order = 1, long? createTime = null) =>
        Event("create_party", createTime, Number("Id", id) + Leaf("Name", name) + Number("ParentId", parentId) + Number("Order", order));

    public string UpdateParty(long id, string name, long parentId, long? createTime = null) =>
        Event("update_party", createTime, Number("Id", id) + Leaf("Name", name) + Number("ParentId", parentId));

    public string DeleteParty(long id, long? createTime = null) =>
        Event("delete_party", createTime, Number("Id", id));

    /// <summary>Any change_contact event with the given own fields (raw XML), e.g. a malformed one.</summary>
    public string Event(string changeType, long? createTime, string fields) =>
        $"<xml><ToUserName><![CDATA[{corpId}]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>"
        + $"<CreateTime>{createTime ?? timeProvider.GetUtcNow().ToUnixTimeSeconds()}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        + $"<Event><![CDATA[change_contact]]></Event><ChangeType>{SecurityElement.Escape(changeType)}</ChangeType>{fields}</xml>";

    private static string Leaf(string name, string value) => $"<{name}><![CDATA[{value}]]></{name}>";

    private static string Number(string name, long value) => string.Create(CultureInfo.InvariantCulture, $"<{name}>{value}</{name}>");

    private static string Ids(IEnumerable<long> ids) => string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
}
