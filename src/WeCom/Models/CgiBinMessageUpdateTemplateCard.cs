using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>POST /cgi-bin/message/update_template_card: after a click, replace the buttons with a label.</summary>
public sealed class CgiBinMessageUpdateTemplateCardRequest
{
    [JsonPropertyName("userids")]
    public List<string>? UserIds { get; set; }

    [JsonPropertyName("partyids")]
    public List<int>? PartyIds { get; set; }

    [JsonPropertyName("atall")]
    public int? AtAll { get; set; }

    [JsonPropertyName("agentid")]
    public int? AgentId { get; set; }

    /// <summary>From the click event (ResponseCode) or the send response; single use, valid 72 hours.</summary>
    [JsonPropertyName("response_code")]
    public string ResponseCode { get; set; } = "";

    [JsonPropertyName("button")]
    public UpdateTemplateCardButton? Button { get; set; }

    [JsonPropertyName("template_card")]
    public TemplateCardContent? TemplateCard { get; set; }
}

public sealed class UpdateTemplateCardButton
{
    [JsonPropertyName("replace_name")]
    public string ReplaceName { get; set; } = "";
}

public sealed class CgiBinMessageUpdateTemplateCardResponse : WeComResponse
{
    [JsonPropertyName("invaliduser")]
    public List<string>? InvalidUser { get; set; }
}
