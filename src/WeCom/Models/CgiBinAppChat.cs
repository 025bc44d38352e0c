using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>POST /cgi-bin/appchat/create.</summary>
public sealed class CgiBinAppChatCreateRequest
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("owner")]
    public string? Owner { get; set; }

    /// <summary>2..2000 userids.</summary>
    [JsonPropertyName("userlist")]
    public List<string> UserList { get; set; } = [];

    /// <summary>Optional; WeCom generates one when empty.</summary>
    [JsonPropertyName("chatid")]
    public string? ChatId { get; set; }
}

public sealed class CgiBinAppChatCreateResponse : WeComResponse
{
    [JsonPropertyName("chatid")]
    public string? ChatId { get; set; }
}

/// <summary>POST /cgi-bin/appchat/send.</summary>
public sealed class CgiBinAppChatSendRequest
{
    [JsonPropertyName("chatid")]
    public string ChatId { get; set; } = "";

    [JsonPropertyName("msgtype")]
    public string MessageType { get; set; } = MessageTypes.Text;

    [JsonPropertyName("text")]
    public TextContent? Text { get; set; }

    [JsonPropertyName("markdown")]
    public MarkdownContent? Markdown { get; set; }

    [JsonPropertyName("textcard")]
    public TextCardContent? TextCard { get; set; }

    [JsonPropertyName("file")]
    public FileContent? File { get; set; }

    [JsonPropertyName("safe")]
    public int? Safe { get; set; }
}

public sealed class CgiBinAppChatSendResponse : WeComResponse;
