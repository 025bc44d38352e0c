using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>POST /cgi-bin/webhook/send?key= (group robot; the key is the credential).</summary>
public sealed class CgiBinWebhookSendRequest
{
    [JsonPropertyName("msgtype")]
    public string MessageType { get; set; } = MessageTypes.Text;

    [JsonPropertyName("text")]
    public TextContent? Text { get; set; }

    [JsonPropertyName("markdown")]
    public MarkdownContent? Markdown { get; set; }

    [JsonPropertyName("markdown_v2")]
    public MarkdownContent? MarkdownV2 { get; set; }

    [JsonPropertyName("file")]
    public FileContent? File { get; set; }
}

public sealed class CgiBinWebhookSendResponse : WeComResponse;

/// <summary>POST /cgi-bin/webhook/upload_media?key=&amp;type=file.</summary>
public sealed class CgiBinWebhookUploadMediaResponse : WeComResponse
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("media_id")]
    public string? MediaId { get; set; }

    [JsonPropertyName("created_at")]
    public long CreatedAt { get; set; }
}
