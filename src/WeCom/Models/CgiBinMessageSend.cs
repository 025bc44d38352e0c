using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>POST /cgi-bin/message/send. Set <see cref="MessageType"/> and the matching body.</summary>
public sealed class CgiBinMessageSendRequest
{
    /// <summary>Userids joined by '|', at most 1000, or "@all".</summary>
    [JsonPropertyName("touser")]
    public string? ToUser { get; set; }

    [JsonPropertyName("toparty")]
    public string? ToParty { get; set; }

    [JsonPropertyName("totag")]
    public string? ToTag { get; set; }

    [JsonPropertyName("msgtype")]
    public string MessageType { get; set; } = MessageTypes.Text;

    /// <summary>Filled from WeComOptions.AgentId when left null.</summary>
    [JsonPropertyName("agentid")]
    public int? AgentId { get; set; }

    [JsonPropertyName("text")]
    public TextContent? Text { get; set; }

    [JsonPropertyName("markdown")]
    public MarkdownContent? Markdown { get; set; }

    [JsonPropertyName("textcard")]
    public TextCardContent? TextCard { get; set; }

    [JsonPropertyName("file")]
    public FileContent? File { get; set; }

    [JsonPropertyName("template_card")]
    public TemplateCardContent? TemplateCard { get; set; }

    [JsonPropertyName("enable_duplicate_check")]
    public int? EnableDuplicateCheck { get; set; }

    [JsonPropertyName("duplicate_check_interval")]
    public int? DuplicateCheckInterval { get; set; }
}

public sealed class CgiBinMessageSendResponse : WeComResponse
{
    [JsonPropertyName("invaliduser")]
    public string? InvalidUser { get; set; }

    [JsonPropertyName("invalidparty")]
    public string? InvalidParty { get; set; }

    [JsonPropertyName("invalidtag")]
    public string? InvalidTag { get; set; }

    [JsonPropertyName("unlicenseduser")]
    public string? UnlicensedUser { get; set; }

    [JsonPropertyName("msgid")]
    public string? MessageId { get; set; }

    /// <summary>Needed by message/update_template_card to change the card later.</summary>
    [JsonPropertyName("response_code")]
    public string? ResponseCode { get; set; }
}
