using System.Net;

namespace Attendance.WeCom;

/// <summary>The HTTP exchange itself failed (network, timeout, non-200); the URL is redacted.</summary>
public sealed class WeComTransportException(string api, string redactedUrl, HttpStatusCode? statusCode, string reason, Exception? inner)
    : Exception($"WeCom {api} transport failure{(statusCode is null ? "" : $" (HTTP {(int)statusCode})")}: {reason}; url {redactedUrl}", inner)
{
    public string Api { get; } = api;

    public string RedactedUrl { get; } = redactedUrl;

    public HttpStatusCode? StatusCode { get; } = statusCode;
}
