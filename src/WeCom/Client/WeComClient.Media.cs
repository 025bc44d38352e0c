using System.Text;
using Attendance.WeCom.Models;
using Flurl.Http;

namespace Attendance.WeCom.Client;

public sealed partial class WeComClient
{
    /// <summary>Temporary media (valid three days); <paramref name="type"/> is image, voice, video or file.</summary>
    public Task<CgiBinMediaUploadResponse> ExecuteCgiBinMediaUploadAsync(string type, byte[] content, string fileName, string? contentType = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        return InvokeAsync(Apis.MediaUpload, withToken: true, r => r.SetQueryParam("type", type),
            (r, ct) => PostMediaAsync(r, content, fileName, contentType, ct), ReadJsonAsync<CgiBinMediaUploadResponse>, cancellationToken);
    }

    public Task<CgiBinMediaGetResponse> ExecuteCgiBinMediaGetAsync(string mediaId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaId);
        return InvokeAsync(Apis.MediaGet, withToken: true, r => r.SetQueryParam("media_id", mediaId),
            (r, ct) => r.GetAsync(cancellationToken: ct), ReadMediaAsync, cancellationToken);
    }

    // A fresh body per attempt, because retries resend it.
    private static Task<IFlurlResponse> PostMediaAsync(IFlurlRequest request, byte[] content, string fileName, string? contentType, CancellationToken cancellationToken) =>
        request.PostAsync(WeComMultipart.Media(content, fileName, contentType ?? "application/octet-stream"), cancellationToken: cancellationToken);

    private static async Task<CgiBinMediaGetResponse> ReadMediaAsync(IFlurlResponse response)
    {
        var headers = response.ResponseMessage.Content.Headers;
        var mediaType = headers.ContentType?.MediaType ?? "";
        var bytes = await response.GetBytesAsync();
        // WeCom reports media/get errors as a JSON body, sometimes labelled text/plain.
        if (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) && LooksLikeError(bytes)))
        {
            return System.Text.Json.JsonSerializer.Deserialize<CgiBinMediaGetResponse>(bytes, WeComJson.Options) ?? new CgiBinMediaGetResponse { ErrorCode = -1 };
        }
        return new CgiBinMediaGetResponse
        {
            Content = bytes,
            ContentType = headers.ContentType?.ToString(),
            FileName = headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"'),
        };
    }

    private static bool LooksLikeError(byte[] bytes) =>
        bytes.Length > 0 && bytes[0] == (byte)'{' && Encoding.UTF8.GetString(bytes).Contains("\"errcode\"", StringComparison.Ordinal);
}
