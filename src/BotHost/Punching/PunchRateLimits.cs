using System.Globalization;
using System.Threading.RateLimiting;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Attendance.BotHost.Punching;

/// <summary>
/// Two fixed-window limits chained: per client IP on everything under <c>/api</c>, and per signed-in employee on
/// punches (the token is verified, so a forged token cannot spend someone else's budget). 429 problem+json with
/// Retry-After. The WeCom callback and health endpoints are not limited: WeCom's servers share few addresses.
/// </summary>
public static class PunchRateLimits
{
    public static IServiceCollection AddPunchRateLimits(this IServiceCollection services, PunchingOptions options)
    {
        services.AddRateLimiter(o =>
        {
            var perIp = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("")
                    : RateLimitPartition.GetFixedWindowLimiter("ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "?"),
                        _ => Window(options.PerIpPerMinute)));
            var perUser = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.Path.Equals("/api/punches", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter("");
                }

                var check = http.RequestServices.GetRequiredService<SessionTokens>().VerifyRequest(http);
                return check.IsValid
                    ? RateLimitPartition.GetFixedWindowLimiter("user:" + check.UserId, _ => Window(options.PerUserPerMinute))
                    : RateLimitPartition.GetNoLimiter("");
            });
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(perIp, perUser);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (context, ct) =>
            {
                var http = context.HttpContext;
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests; retry after the time in Retry-After.",
                        Detail = "操作过于频繁，请稍后再试",
                    },
                });
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
