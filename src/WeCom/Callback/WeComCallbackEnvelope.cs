namespace Attendance.WeCom.Callback;

/// <summary>The outer, still encrypted body of a callback POST.</summary>
public sealed record WeComCallbackEnvelope(string? ToUserName, string? AgentId, string Encrypt)
{
    public static WeComCallbackEnvelope Parse(string xml)
    {
        var elements = WeComCallbackXml.ReadElements(xml);
        if (!elements.TryGetValue("Encrypt", out var encrypt) || string.IsNullOrEmpty(encrypt))
            throw new WeComCallbackXmlException("no Encrypt element");
        return new WeComCallbackEnvelope(elements.GetValueOrDefault("ToUserName"), elements.GetValueOrDefault("AgentID"), encrypt);
    }
}
