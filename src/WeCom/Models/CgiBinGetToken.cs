using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>GET /cgi-bin/gettoken.</summary>
public sealed class CgiBinGetTokenResponse : WeComResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}
