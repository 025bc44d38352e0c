using Attendance.BotHost.Security;

namespace Attendance.BotHost.Sessions;

/// <summary>
/// Guard of the employee API (<c>/api/me</c>): <c>Authorization: Bearer &lt;session token&gt;</c>, 401 with
/// <c>WWW-Authenticate: Bearer</c> and a message saying whether the token is missing, invalid, expired or revoked
/// (issued before the employee's "tokens valid after" stamp, <see cref="SessionRevocations"/>).
/// </summary>
public sealed class SessionAuthentication(SessionTokens tokens, SessionRevocations revocations, SessionEligibility eligibility) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var check = await revocations.ApplyAsync(tokens.VerifyRequest(http), http.RequestAborted);
        if (!check.IsValid)
        {
            return check.Failure == SessionFailure.Revoked ? await SessionRevocations.RefuseAsync(http, check, eligibility) : Unauthorized(http, check);
        }

        new Caller($"user:{check.UserId}", IsAdmin: false, check.UserId).AttachTo(http);
        return await next(context);
    }

    public static IResult Unauthorized(HttpContext http, SessionCheck check)
    {
        // RFC 6750: tell the client to fetch a new token rather than retry this one.
        http.Response.Headers.WWWAuthenticate = check.Failure == SessionFailure.Missing
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{(check.Failure == SessionFailure.Expired ? "expired" : "invalid")}\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
            title: check.Failure switch
            {
                SessionFailure.Missing => "Authentication required: send Authorization: Bearer <session token>.",
                SessionFailure.Expired => "The session token has expired.",
                SessionFailure.Revoked => "The session was revoked; sign in again.",
                _ => "The session token is invalid.",
            },
            detail: check.Message);
    }
}
