using System.Globalization;
using System.Threading.RateLimiting;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching;

/// <summary>
/// The global limiter on <c>/api</c> (fixed windows of a minute, ASP.NET Core's rate limiter), one bucket per caller:
/// <list type="bullet">
/// <item>a valid session token: its employee (<see cref="PunchingOptions.PerUserRequestsPerMinute"/>); the token is
/// verified, so a forged one cannot spend someone else's budget;</item>
/// <item>an admin key: not limited (a trusted integration; a wrong key is unauthenticated);</item>
/// <item>anything else: the client address (<see cref="PunchingOptions.PerIpPerMinute"/>), logins
/// (<c>/api/sessions</c>) in a bucket apart from the rest, so a flood of unauthenticated requests blocks neither a
/// signed-in employee nor a login.</item>
/// </list>
/// Punches have their own budgets on top (<see cref="PunchBudgets"/>). 429 problem+json with Retry-After. The WeCom
/// callback and health endpoints are not limited: WeCom's servers share few addresses. The address is the TCP peer,
/// or the forwarded one from a configured proxy (<see cref="ForwardedHeadersSettings"/>).
/// </summary>
public static class PunchRateLimits
{
    public static IServiceCollection AddPunchRateLimits(this IServiceCollection services, PunchingOptions options)
    {
        services.AddSingleton<PunchBudgets>();
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!http.Request.Path.StartsWithSegments("/api"))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var check = http.RequestServices.GetRequiredService<SessionTokens>().VerifyRequest(http);
                if (check.IsValid)
                {
                    return RateLimitPartition.GetFixedWindowLimiter("user:" + check.UserId, _ => Window(options.PerUserRequestsPerMinute));
                }

                if (check.Failure != SessionFailure.Missing && AdminAuthentication.BearerToken(http.Request) is { } token
                    && AdminAuthentication.MatchAdminKey(token, http.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue.AdminKeys) is not null)
                {
                    return RateLimitPartition.GetNoLimiter("admin");
                }

                var address = http.Connection.RemoteIpAddress?.ToString() ?? "?";
                return http.Request.Path.StartsWithSegments("/api/sessions")
                    ? RateLimitPartition.GetFixedWindowLimiter("login:" + address, _ => Window(options.PerIpPerMinute))
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + address, _ => Window(options.PerIpPerMinute));
            });
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                await TooManyRequests(context.HttpContext, retry).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    /// <summary>429 problem+json with Retry-After (whole seconds, at least 1).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext http, TimeSpan retry)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too many requests; retry after the time in Retry-After.",
            Detail = "操作过于频繁，请稍后再试",
        });
    }

    internal static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Per-employee budgets of <c>POST /api/punches</c>, taken by the endpoint once it knows what the punch is: a valid new
/// punch spends the punch budget (<see cref="PunchingOptions.PerUserPerMinute"/>), an invalid or refused one the small
/// error budget (<see cref="PunchingOptions.ErrorsPerUserPerMinute"/>), so a buggy client's bad requests never use up
/// the punches its employee needs.
/// </summary>
public sealed class PunchBudgets(IOptions<PunchingOptions> options) : IDisposable
{
    // Built on first use: options are validated at start, after singletons that need them may have been built.
    private readonly Lazy<PartitionedRateLimiter<string>> _punches = new(() => Budget(options.Value.PerUserPerMinute));
    private readonly Lazy<PartitionedRateLimiter<string>> _errors = new(() => Budget(options.Value.ErrorsPerUserPerMinute));

    /// <summary>Null when the punch may go ahead, else how long until the budget refills.</summary>
    public TimeSpan? TakePunch(string userId) => Take(_punches.Value, userId);

    /// <summary>Null when the error may be answered as such, else how long until the error budget refills (answer 429).</summary>
    public TimeSpan? TakeError(string userId) => Take(_errors.Value, userId);

    public void Dispose()
    {
        if (_punches.IsValueCreated)
        {
            _punches.Value.Dispose();
        }

        if (_errors.IsValueCreated)
        {
            _errors.Value.Dispose();
        }
    }

    private static TimeSpan? Take(PartitionedRateLimiter<string> limiter, string userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
    }

    private static PartitionedRateLimiter<string> Budget(int permits) =>
        PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(user, _ => PunchRateLimits.Window(permits)));
}
