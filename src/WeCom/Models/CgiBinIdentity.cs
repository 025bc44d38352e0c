using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>GET /cgi-bin/miniprogram/jscode2session. Keep SessionKey on the server.</summary>
public sealed class CgiBinMiniProgramJsCode2SessionResponse : WeComResponse
{
    [JsonPropertyName("corpid")]
    public string? CorpId { get; set; }

    [JsonPropertyName("userid")]
    public string? UserId { get; set; }

    [JsonPropertyName("session_key")]
    public string? SessionKey { get; set; }
}

/// <summary>GET /cgi-bin/auth/getuserinfo: UserId for members, OpenId for non-members.</summary>
public sealed class CgiBinAuthGetUserInfoResponse : WeComResponse
{
    [JsonPropertyName("userid")]
    public string? UserId { get; set; }

    [JsonPropertyName("user_ticket")]
    public string? UserTicket { get; set; }

    [JsonPropertyName("openid")]
    public string? OpenId { get; set; }

    [JsonPropertyName("external_userid")]
    public string? ExternalUserId { get; set; }

    [JsonIgnore]
    public bool IsMember => !string.IsNullOrEmpty(UserId);
}
