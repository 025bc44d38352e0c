using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>Every WeCom answer carries errcode / errmsg; 0 is success.</summary>
public class WeComResponse
{
    [JsonPropertyName("errcode")]
    public int ErrorCode { get; set; }

    [JsonPropertyName("errmsg")]
    public string? ErrorMessage { get; set; }

    [JsonIgnore]
    public bool IsSuccessful => ErrorCode == 0;
}
