using System.Globalization;

namespace Attendance.WeCom.Callback;

/// <summary>A decrypted callback message or event; fields absent from the XML are null.</summary>
public sealed class WeComCallbackMessage
{
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

    /// <summary>What WeCom's retries share: MsgId for messages, sender and time for events. Card clicks add the
    /// card's TaskId: an approver going through several cards may click two within the same second.</summary>
    public string DeduplicationKey => MsgId is { Length: > 0 } id
        ? id
        : $"{FromUserName}:{Get("CreateTime")}:{Event}" + (TaskId is { Length: > 0 } task ? ":" + task : "");

    public static WeComCallbackMessage Parse(string xml) => new(WeComCallbackXml.ReadElements(xml));

    private string? Get(string name) => Elements.TryGetValue(name, out var value) ? value : null;
}
