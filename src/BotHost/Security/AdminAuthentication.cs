using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Sessions;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Security;

/// <summary>
/// Admin API guard: <c>Authorization: Bearer &lt;admin key&gt;</c>. Keys are compared as SHA-256 digests with a
/// fixed-time comparison, so neither the length nor a prefix of a key leaks through timing.
/// A session of an active employee with the HR or admin role is accepted too; any other session gets 403.
/// 401 without credentials or with an expired session, 403 for credentials that are neither.
/// </summary>
public sealed class AdminAuthentication(IOptionsMonitor<SecurityOptions> security, SessionTokens sessions, SessionEligibility eligibility,
    SessionRevocations revocations)
    : IEndpointFilter
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
        if (fingerprint is not null)
        {
            new Caller($"admin:{fingerprint}", IsAdmin: true, UserId: null).AttachTo(http);
            return await next(context);
        }

        var session = await revocations.ApplyAsync(sessions.Verify(token), http.RequestAborted);
        if (session.Failure is SessionFailure.Expired or SessionFailure.Revoked)
        {
            return await SessionRevocations.RefuseAsync(http, session, eligibility);
        }

        if (!session.IsValid)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This credential may not use the admin API.");
        }

        var (employee, refusal) = await eligibility.CheckAsync(session.UserId!, http.RequestAborted);
        if (employee is null)
        {
            return refusal;
        }

        if (!employee.HasRole(Role.Hr) && !employee.HasRole(Role.Admin))
        {
            return SessionEligibility.Forbidden("Only HR and administrators may use the admin API.", "仅限人事或管理员使用");
        }

        new Caller($"user:{employee.UserId}", IsAdmin: true, employee.UserId).AttachTo(http);
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
