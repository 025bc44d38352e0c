using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost.Configuration;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Security;

/// <summary>
/// Admin API guard: <c>Authorization: Bearer &lt;admin key&gt;</c>. Keys are compared as SHA-256 digests with a
/// fixed-time comparison, so neither the length nor a prefix of a key leaks through timing.
/// 401 without credentials, 403 for credentials that are not an admin key.
/// </summary>
public sealed class AdminAuthentication(IOptionsMonitor<SecurityOptions> security) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = BearerToken(http.Request);
        if (token is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Authentication required: send Authorization: Bearer <admin key>.");
        }

        var fingerprint = MatchAdminKey(token, security.CurrentValue.AdminKeys);
        if (fingerprint is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This credential may not use the admin API.");
        }

        new Caller($"admin:{fingerprint}", IsAdmin: true, UserId: null).AttachTo(http);
        return await next(context);
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length
            ? header[prefix.Length..].Trim()
            : null;
    }

    /// <summary>The matching key's fingerprint (first 8 hex of its SHA-256), for audit rows; null when none matches.</summary>
    public static string? MatchAdminKey(string presented, IEnumerable<string> keys)
    {
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? match = null;
        foreach (var key in keys)
        {
            var keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
            // Check every key, not stopping at the first match, to keep the time independent of which key matched.
            if (CryptographicOperations.FixedTimeEquals(presentedHash, keyHash) && !string.IsNullOrEmpty(key))
            {
                match = Convert.ToHexStringLower(keyHash)[..8];
            }
        }

        return match;
    }
}
