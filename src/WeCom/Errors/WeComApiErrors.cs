using System.Text.RegularExpressions;

namespace Attendance.WeCom;

/// <summary>40001 and similar: the app's settings are wrong; retrying only risks an IP ban.</summary>
public sealed class WeComCredentialException(string api, int errorCode, string errorMessage)
    : WeComException(api, errorCode, errorMessage,
        $"WeCom {api} rejected the credentials (errcode {errorCode}): check WeCom:CorpId and WeCom:AgentSecret");

/// <summary>48002 / 60011: the app lacks the permission or the member is outside its visibility.</summary>
public sealed class WeComPermissionException(string api, int errorCode, string errorMessage)
    : WeComException(api, errorCode, errorMessage,
        $"WeCom {api} denied the call (errcode {errorCode}, {errorMessage}): grant the app the API permission or widen its visible range");

/// <summary>40029: the oauth / mini-program code is used or older than five minutes.</summary>
public sealed class WeComInvalidCodeException(string api, int errorCode, string errorMessage)
    : WeComException(api, errorCode, errorMessage, $"WeCom {api}: the login code is invalid or expired (errcode {errorCode})");

/// <summary>81013: no recipient of a message was valid.</summary>
public sealed class WeComInvalidRecipientsException(string api, int errorCode, string errorMessage)
    : WeComException(api, errorCode, errorMessage, $"WeCom {api}: every recipient is invalid (errcode {errorCode}, {errorMessage})");

/// <summary>60020: our egress IP is not among the app's trusted IPs.</summary>
public sealed partial class WeComUntrustedIpException : WeComException
{
    public WeComUntrustedIpException(string api, int errorCode, string errorMessage)
        : this(api, errorCode, errorMessage, ExtractIp(errorMessage))
    {
    }

    private WeComUntrustedIpException(string api, int errorCode, string errorMessage, string? ip)
        : base(api, errorCode, errorMessage, ip is null
            ? $"WeCom {api}: caller IP is not trusted (errcode {errorCode}, {errorMessage}); add the service's egress IP to the app's 企业可信IP"
            : $"WeCom {api}: caller IP {ip} is not trusted (errcode {errorCode}); add {ip} to the app's 企业可信IP")
    {
        EgressIp = ip;
    }

    /// <summary>The IP WeCom saw us call from, when its errmsg names it.</summary>
    public string? EgressIp { get; }

    private static string? ExtractIp(string errorMessage)
    {
        var match = FromIp().Match(errorMessage);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"from ip:\s*([0-9A-Fa-f:.]+[0-9A-Fa-f])", RegexOptions.IgnoreCase)]
    private static partial Regex FromIp();
}

/// <summary>45009: the API is paused until <see cref="RetryAfter"/> has passed; thrown without calling WeCom.</summary>
public sealed class WeComRateLimitedException(string api, int errorCode, string errorMessage, TimeSpan retryAfter)
    : WeComException(api, errorCode, errorMessage,
        $"WeCom {api} is rate limited (errcode {errorCode}); calls paused for {retryAfter.TotalSeconds:0} s")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
