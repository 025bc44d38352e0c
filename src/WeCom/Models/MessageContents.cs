using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>Message bodies shared by message/send, appchat/send and webhook/send.</summary>
public static class MessageTypes
{
    public const string Text = "text";
    public const string Markdown = "markdown";
    public const string MarkdownV2 = "markdown_v2";
    public const string TextCard = "textcard";
    public const string File = "file";
    public const string TemplateCard = "template_card";
}

public sealed class TextContent
{
    [JsonPropertyName("content")]
    public string Content { get; set; } = "";

    /// <summary>Group robots only: userids to @, or "@all".</summary>
    [JsonPropertyName("mentioned_list")]
    public List<string>? MentionedList { get; set; }

    [JsonPropertyName("mentioned_mobile_list")]
    public List<string>? MentionedMobileList { get; set; }
}

public sealed class MarkdownContent
{
    [JsonPropertyName("content")]
    public string Content { get; set; } = "";
}

public sealed class TextCardContent
{
    [JsonPropertyName("title")]
    public string Title { get; set; } = "";

    [JsonPropertyName("description")]
    public string Description { get; set; } = "";

    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [JsonPropertyName("btntxt")]
    public string? ButtonText { get; set; }
}

public sealed class FileContent
{
    [JsonPropertyName("media_id")]
    public string MediaId { get; set; } = "";
}
