using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Attendance.WeCom.Simulator;

/// <summary>A request WeCom would refuse: the errcode and errmsg it answers.</summary>
public sealed record SimulatorRefusal(int ErrorCode, string Message);

/// <summary>A file as media/upload or webhook/upload_media received it.</summary>
public sealed record FakeUploadedFile(string FileName, string? ContentType, byte[] Content);

/// <summary>
/// What WeCom's server enforces on the requests we send, as pure functions (no HTTP), each citing its official page
/// (developer.work.weixin.qq.com/document/path/NNNNN). Where a page states a limit but not the errcode, the global
/// list's 40058 不合法的参数 (90455) is answered and the comment says so.
/// </summary>
public static partial class SimulatorRules
{
    public const int InvalidParameter = 40058;
    public const int EmptyMedia = 44001;
    public const int DataFormatError = 47001;

    // 90236 / 99110: text content at most 2048 bytes; robot markdown at most 4096 bytes; app markdown 2048 bytes.
    public const int TextMaxBytes = 2048;
    public const int AppMarkdownMaxBytes = 2048;
    public const int RobotMarkdownMaxBytes = 4096;

    /// <summary>
    /// 90455: 40033 不合法的请求字符, "不能包含\uxxxx格式的字符". Bodies must carry text as raw UTF-8, valid UTF-8 at that
    /// (99110: "必须是utf8编码"); a body that is not JSON gets 47001 with "Warning: wrong json format." (90455 preamble).
    /// </summary>
    public static SimulatorRefusal? CheckJsonBody(byte[] body, out JsonNode? json)
    {
        json = null;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return new SimulatorRefusal(DataFormatError, "data format error: body is not UTF-8");
        }

        // A backslash occurs in valid JSON only inside a string, and always starts an escape: \u is the forbidden one.
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (text[i] == '\\')
            {
                if (text[i + 1] == 'u')
                {
                    return new SimulatorRefusal(40033, $"invalid charset. please check your request, if include \\uxxxx will create fail! near: {Excerpt(text, i)}");
                }

                i++;
            }
        }

        try
        {
            json = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return new SimulatorRefusal(DataFormatError, "Warning: wrong json format.");
        }

        return json is JsonObject ? null : new SimulatorRefusal(DataFormatError, "Warning: wrong json format.");
    }

    public static int Utf8Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes on a character boundary.</summary>
    public static string TruncateUtf8(string text, int maxBytes)
    {
        if (Utf8Bytes(text) <= maxBytes)
        {
            return text;
        }

        var result = new StringBuilder();
        var used = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > maxBytes)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            result.Append(rune.ToString());
        }

        return result.ToString();
    }

    /// <summary>
    /// 90253 上传临时素材: the multipart framing of WeCom's own example. An unquoted boundary in the Content-Type, one
    /// part with exactly <c>Content-Disposition: form-data; name="media";filename="…"; filelength=N</c> (no
    /// <c>filename*</c>, name quoted), whose content is N bytes. Anything else is answered "empty media data" (44001),
    /// which is what WeCom answers .NET's and Flurl's default framing.
    /// </summary>
    public static SimulatorRefusal? ParseUpload(string? contentType, byte[] body, out FakeUploadedFile? file)
    {
        file = null;
        var empty = new SimulatorRefusal(EmptyMedia, "empty media data");
        var boundaryMatch = contentType is null ? Match.Empty : BoundaryPattern().Match(contentType);
        if (!boundaryMatch.Success || boundaryMatch.Groups[1].Value.StartsWith('"'))
        {
            return empty;
        }

        var boundary = Encoding.ASCII.GetBytes("--" + boundaryMatch.Groups[1].Value);
        var crlf = "\r\n"u8.ToArray();
        if (!body.AsSpan().StartsWith(boundary) || !body.AsSpan(boundary.Length).StartsWith(crlf))
        {
            return empty;
        }

        var headersStart = boundary.Length + 2;
        var headersEnd = body.AsSpan(headersStart).IndexOf("\r\n\r\n"u8);
        if (headersEnd < 0)
        {
            return empty;
        }

        var headers = Encoding.UTF8.GetString(body, headersStart, headersEnd).Split("\r\n");
        var disposition = headers.Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Disposition", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].Trim()).ToList();
        var partType = headers.Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Trim().Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            .Select(h => h[1].Trim()).FirstOrDefault();
        var dispositionMatch = disposition.Count == 1 ? DispositionPattern().Match(disposition[0]) : Match.Empty;
        if (!dispositionMatch.Success)
        {
            return empty;
        }

        var contentStart = headersStart + headersEnd + 4;
        var closing = Encoding.ASCII.GetBytes("\r\n--" + boundaryMatch.Groups[1].Value + "--");
        var contentEnd = body.AsSpan(contentStart).IndexOf(closing);
        if (contentEnd < 0)
        {
            return empty;
        }

        var content = body.AsSpan(contentStart, contentEnd).ToArray();
        if (!long.TryParse(dispositionMatch.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != content.Length)
        {
            return empty;
        }

        file = new FakeUploadedFile(dispositionMatch.Groups[1].Value, partType, content);
        return null;
    }

    /// <summary>
    /// 90253: every file must be larger than 5 bytes; image (jpg/png) ≤ 10 MB (40009), voice (amr) ≤ 2 MB, video (mp4)
    /// ≤ 10 MB, file ≤ 20 MB (40006); type must be image|voice|video|file (40004 不合法的媒体文件类型).
    /// 99110 (robot upload_media): type file (≤ 20 MB) or voice (≤ 2 MB), also more than 5 bytes.
    /// </summary>
    public static SimulatorRefusal? CheckUploadSize(string type, long length, bool robot)
    {
        long? max = type switch
        {
            "file" => 20L << 20,
            "voice" => 2L << 20,
            "image" or "video" when !robot => 10L << 20,
            _ => null,
        };
        if (max is null)
        {
            return new SimulatorRefusal(40004, $"invalid media type: {type}");
        }

        if (length <= 5 || length > max)
        {
            return new SimulatorRefusal(type == "image" ? 40009 : 40006, "invalid file size");
        }

        return null;
    }

    private static string Excerpt(string text, int at) => text.Substring(at, Math.Min(12, text.Length - at));

    [GeneratedRegex(@"^\s*multipart/form-data\s*;\s*boundary=(""?[^;\s]+)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BoundaryPattern();

    [GeneratedRegex(@"^form-data;\s*name=""media"";\s*filename=""([^""]+)"";\s*filelength=([0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex DispositionPattern();
}
