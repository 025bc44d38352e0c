using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>POST /cgi-bin/media/upload?type=image|file; media_id is valid three days.</summary>
public sealed class CgiBinMediaUploadResponse : WeComResponse
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("media_id")]
    public string? MediaId { get; set; }

    [JsonPropertyName("created_at")]
    public long CreatedAt { get; set; }
}

/// <summary>GET /cgi-bin/media/get: the file bytes on success, JSON on error.</summary>
public sealed class CgiBinMediaGetResponse : WeComResponse
{
    [JsonIgnore]
    public byte[] Content { get; set; } = [];

    [JsonIgnore]
    public string? ContentType { get; set; }

    [JsonIgnore]
    public string? FileName { get; set; }
}
