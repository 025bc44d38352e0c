using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attendance.WeCom.Callback;

/// <summary>A decrypted callback message or event; fields absent from the XML are null.</summary>
public sealed class WeComCallbackMessage
{
    /// <summary>FromUserName of events WeCom itself generates (change_contact, batch_job_result, ...).</summary>
    public const string SystemSender = "sys";

    private WeComCallbackMessage(IReadOnlyDictionary<string, string> elements)
    {
        Elements = elements;
    }

    public string? ToUserName => Get("ToUserName");

    public string? FromUserName => Get("FromUserName");

    public long? CreateTime => long.TryParse(Get("CreateTime"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public string? MsgType => Get("MsgType");

    public string? Content => Get("Content");

    public string? MsgId => Get("MsgId");

    public string? AgentId => Get("AgentID");

    public string? Event => Get("Event");

    public string? EventKey => Get("EventKey");

    public string? TaskId => Get("TaskId");

    public string? ResponseCode => Get("ResponseCode");

    public bool IsEvent => MsgType == "event";

    /// <summary>Every leaf element by name, for fields the typed properties do not cover.</summary>
    public IReadOnlyDictionary<string, string> Elements { get; }

    /// <summary>
    /// What WeCom's retries share and different callbacks do not: MsgId for messages, sender and time for events.
    /// Card clicks add the card's TaskId: an approver going through several cards may click two within the same second.
    /// Events from <c>sys</c> (contact changes and the like) have no person behind them: a bulk import sends many in one
    /// second, so their key adds the ChangeType and a digest of all their own fields. A retry is the same content
    /// (WeCom resends the event as it was), so it gets the same key; ToUserName and AgentID are left out as they only
    /// say where the event went.
    /// </summary>
    public string DeduplicationKey => MsgId is { Length: > 0 } id
        ? id
        : $"{FromUserName}:{Get("CreateTime")}:{Event}" + (TaskId is { Length: > 0 } task ? ":" + task : "")
            + (FromUserName == SystemSender ? $":{Get("ChangeType")}:{ContentDigest()}" : "");

    public static WeComCallbackMessage Parse(string xml) => new(WeComCallbackXml.ReadElements(xml));

    private string? Get(string name) => Elements.TryGetValue(name, out var value) ? value : null;

    // Length-prefixed name=value pairs in ordinal name order, so no two field sets hash the same text. Nested leaves
    // repeated under one name (ExtAttr items) count once, as Elements holds them; contact events for callbacks set up
    // since 2022-08-15 carry no such fields.
    private string ContentDigest()
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Elements.Where(e => e.Key is not ("ToUserName" or "AgentID")).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name.Length}:{name}{value.Length}:{value}");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32];
    }
}
