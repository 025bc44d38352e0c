using System.Globalization;
using Attendance.WeCom.Client;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    /// <summary>90253: a temporary media_id is valid for three days.</summary>
    public static readonly TimeSpan MediaLifetime = TimeSpan.FromDays(3);

    private async Task UploadAsync(HttpContext context, string? robotKey)
    {
        var api = robotKey is null ? Apis.MediaUpload : Apis.WebhookUploadMedia;
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        if (SimulatorRules.ParseUpload(context.Request.Headers.ContentType.ToString(), buffer.ToArray(), out var file) is { } refusal)
        {
            await Refuse(context, api, refusal);
            return;
        }
        var type = context.Request.Query["type"].ToString();
        if (SimulatorRules.CheckUploadSize(type, file!.Content.Length, robotKey is not null) is { } sizeRefusal)
        {
            await Refuse(context, api, sizeRefusal);
            return;
        }
        var id = $"media-{Interlocked.Increment(ref _mediaSerial)}";
        _media[id] = new SimulatedMedia(id, type, file.FileName, file.ContentType, file.Content, robotKey);
        _mediaUploadedAt[id] = TimeProvider.GetUtcNow();
        await Ok(context, new { type, media_id = id, created_at = TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) });
    }

    private async Task MediaGetAsync(HttpContext context)
    {
        var id = context.Request.Query["media_id"].ToString();
        if (AppMediaRefusal(id) is not null || !_media.TryGetValue(id, out var media))
        {
            await Error(context, InvalidMediaId, "invalid media_id");
            return;
        }
        context.Response.ContentType = media.ContentType ?? "application/octet-stream";
        // filename* keeps non-ASCII names legal in the header, as WeCom does for Chinese file names.
        context.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = media.FileName }.ToString();
        await context.Response.Body.WriteAsync(media.Content);
    }

    /// <summary>90236 file message / 90254 media/get: a media_id of this app's media/upload, at most three days old (40007).</summary>
    private SimulatorRefusal? AppMediaRefusal(string? mediaId) =>
        mediaId is not null && _media.TryGetValue(mediaId, out var media) && media.RobotKey is null && Fresh(mediaId)
            ? null
            : new SimulatorRefusal(InvalidMediaId, "invalid media_id");

    /// <summary>99110 文件类型: the media_id comes from this robot's webhook/upload_media, within three days.</summary>
    private SimulatorRefusal? RobotMediaRefusal(string? mediaId, string robotKey) =>
        mediaId is not null && _media.TryGetValue(mediaId, out var media) && media.RobotKey == robotKey && Fresh(mediaId)
            ? null
            : new SimulatorRefusal(InvalidMediaId, "invalid media_id");

    private bool Fresh(string mediaId) =>
        _mediaUploadedAt.TryGetValue(mediaId, out var at) && TimeProvider.GetUtcNow() - at < MediaLifetime;
}
