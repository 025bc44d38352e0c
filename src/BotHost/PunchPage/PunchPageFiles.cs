using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Attendance.BotHost.PunchPage;

/// <summary>
/// The page's static files, embedded in the assembly (so the host serves them whatever its content root, and a
/// closed network needs nothing else). Every answer is revalidated (<c>no-cache</c> with a content ETag): the files
/// are small, not fingerprinted, and an employee must never punch with yesterday's script. The page's CSP allows
/// its own origin only.
/// </summary>
public sealed class PunchPageFiles
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; media-src 'self' blob: mediastream:; " +
        "connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".json"] = "application/json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, PageFile> _files;

    public PunchPageFiles()
        : this("punch/")
    {
    }

    /// <summary>The files embedded under <paramref name="resourcePrefix"/> (the demo page uses <c>demo/</c>).</summary>
    public PunchPageFiles(string resourcePrefix)
    {
        var assembly = typeof(PunchPageFiles).Assembly;
        var files = new Dictionary<string, PageFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..20] + "\"";
            files[name[resourcePrefix.Length..]] = new PageFile(bytes, type, etag);
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Names => _files.Keys;

    public IResult Serve(HttpContext http, string path) => Serve(http, path, ContentSecurityPolicy);

    /// <summary>Serves a file; an HTML page gets <paramref name="contentSecurityPolicy"/> (the console's may allow a map frame).</summary>
    public IResult Serve(HttpContext http, string path, string contentSecurityPolicy)
    {
        if (!_files.TryGetValue(path, out var file))
        {
            return Results.NotFound();
        }

        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        // The OAuth code arrives in the page's URL: never pass it on in a Referer.
        headers["Referrer-Policy"] = "no-referrer";
        if (file.ContentType.StartsWith("text/html", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = contentSecurityPolicy;
            headers["Permissions-Policy"] = "geolocation=(self), camera=(self), microphone=()";
        }

        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0 && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(t => t.Tag.Equals(file.ETag, StringComparison.Ordinal) || t.Equals(EntityTagHeaderValue.Any)))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(file.Content, file.ContentType);
    }

    private sealed record PageFile(byte[] Content, string ContentType, string ETag);
}
