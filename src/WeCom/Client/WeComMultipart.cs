using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Attendance.WeCom.Client;

/// <summary>
/// The upload body of media/upload and webhook/upload_media, byte for byte as WeCom's own example
/// (document/path/90253): an unquoted boundary, then
/// <c>Content-Disposition: form-data; name="media";filename="…"; filelength=N</c>. .NET's MultipartFormDataContent
/// quotes the boundary, leaves name unquoted and adds <c>filename*=</c>; WeCom answers that with "empty media data",
/// which is why SKIT builds this content by hand too.
/// </summary>
internal static class WeComMultipart
{
    public static HttpContent Media(byte[] content, string fileName, string contentType)
    {
        ArgumentNullException.ThrowIfNull(content);
        // Token characters only, so the boundary never needs quoting (RFC 2046 §5.1.1).
        var boundary = "----WeComFormBoundary" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var head = string.Create(CultureInfo.InvariantCulture,
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"media\";filename=\"{SafeFileName(fileName)}\"; filelength={content.Length}\r\nContent-Type: {contentType}\r\n\r\n");
        var tail = $"\r\n--{boundary}--\r\n";
        var body = new byte[Encoding.UTF8.GetByteCount(head) + content.Length + Encoding.UTF8.GetByteCount(tail)];
        var at = Encoding.UTF8.GetBytes(head, body);
        content.CopyTo(body, at);
        Encoding.UTF8.GetBytes(tail, body.AsSpan(at + content.Length));
        var http = new ByteArrayContent(body);
        http.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=" + boundary);
        return http;
    }

    /// <summary>
    /// The file name as the member will see it: raw UTF-8 (browsers send Chinese names so, RFC 7578 §4.2), without
    /// the characters that would end the quoted string or the header line.
    /// </summary>
    public static string SafeFileName(string fileName)
    {
        var name = new StringBuilder(fileName.Length);
        foreach (var c in fileName)
        {
            if (c is not ('"' or '\\' or '/') && !char.IsControl(c))
            {
                name.Append(c);
            }
        }

        return name.Length > 0 ? name.ToString() : "file";
    }
}
