using System.Security.Cryptography;
using System.Text;
using Attendance.WeCom.Models;
using Flurl.Http;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    /// <summary>Group robot message; <paramref name="key"/> is the robot's secret and is never logged.</summary>
    public Task<CgiBinWebhookSendResponse> ExecuteCgiBinWebhookSendAsync(string key, CgiBinWebhookSendRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return InvokeAsync(Apis.WebhookSend, withToken: false, r => r.SetQueryParam("key", key),
            (r, ct) => r.PostJsonAsync(request, cancellationToken: ct), ReadJsonAsync<CgiBinWebhookSendResponse>, cancellationToken, RobotScope(key));
    }

    /// <summary>Uploads a file for a robot's file message (type=file, at most 20 MB).</summary>
    public Task<CgiBinWebhookUploadMediaResponse> ExecuteCgiBinWebhookUploadMediaAsync(string key, byte[] content, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return InvokeAsync(Apis.WebhookUploadMedia, withToken: false, r => r.SetQueryParam("key", key).SetQueryParam("type", "file"),
            (r, ct) => PostMediaAsync(r, content, fileName, null, ct), ReadJsonAsync<CgiBinWebhookUploadMediaResponse>, cancellationToken, RobotScope(key));
    }

    // The key is the robot's credential: its pause is kept under a hash, so the key itself is held nowhere else.
    private static string RobotScope(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
