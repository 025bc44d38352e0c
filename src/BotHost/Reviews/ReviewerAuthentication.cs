using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Rules.Directory;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Reviews;

/// <summary>
/// Guard of the scoped admin routes (<see cref="Infrastructure.ApiGroups.Scoped"/>: the review routes under
/// <c>/api/admin/punches</c>, days, the monthly report, 补卡 and the console's session): an admin key, or the session of
/// an employee who sees someone else (HR, admin, or a supervisor: a department leader or someone's direct leader).
/// Anyone else gets 403 with the route's <see cref="ScopedRefusal"/> (by default the console's sentence). The
/// <see cref="Reviewer"/> is attached for the endpoint, which applies the scope.
/// </summary>
public sealed class ReviewerAuthentication(IOptionsMonitor<Configuration.SecurityOptions> security, SessionTokens sessions, PunchReviewService reviews,
    SessionRevocations revocations, SessionEligibility eligibility)
    : IEndpointFilter
{
    private const string ItemKey = "attendance.reviewer";

    public static Reviewer From(HttpContext http) =>
        http.Items[ItemKey] as Reviewer ?? throw new InvalidOperationException("no reviewer on this request");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = AdminAuthentication.BearerToken(http.Request);
        if (token is null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "Authentication required: send Authorization: Bearer <admin key or session token>.");
        }

        if (AdminAuthentication.MatchAdminKey(token, security.CurrentValue.AdminKeys) is { } fingerprint)
        {
            var actor = $"admin:{fingerprint}";
            new Caller(actor, IsAdmin: true, UserId: null).AttachTo(http);
            http.Items[ItemKey] = Reviewer.AdminKey(actor);
            return await next(context);
        }

        var session = await revocations.ApplyAsync(sessions.Verify(token), http.RequestAborted);
        if (!session.IsValid)
        {
            return session.Failure is SessionFailure.Expired or SessionFailure.Revoked
                ? await SessionRevocations.RefuseAsync(http, session, eligibility)
                : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This credential may not review punches.");
        }

        // Resolved afresh per request: someone who left, or stopped leading anyone, loses the review routes at once.
        if (await reviews.ReviewerAsync(session.UserId!, http.RequestAborted) is not { } reviewer)
        {
            return SessionEligibility.Forbidden("The employee is unknown, inactive or has left.", "您的考勤账号已停用或已离职");
        }

        if (!reviewer.IsEveryone && reviewer.Scope is not { IsSupervisor: true })
        {
            var refusal = http.GetEndpoint()?.Metadata.GetMetadata<ScopedRefusal>() ?? ScopedRefusal.Console;
            return SessionEligibility.Forbidden("Only supervisors, HR and administrators may use this route.", refusal.Detail);
        }

        new Caller(reviewer.Actor, IsAdmin: reviewer.IsEveryone, reviewer.UserId).AttachTo(http);
        http.Items[ItemKey] = reviewer;
        return await next(context);
    }
}

/// <summary>Endpoint metadata: the Chinese <c>detail</c> a scoped route answers an employee who supervises nobody.</summary>
public sealed record ScopedRefusal(string Detail)
{
    public static readonly ScopedRefusal Console = new("无权限：仅人事、管理员或主管可以使用管理后台");

    public static readonly ScopedRefusal Review = new("无权限：仅主管、人事或管理员可以复核打卡");
}
