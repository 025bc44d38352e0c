using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// The three places a route can live, built once by the composition root and handed to every feature's
/// <c>MapXxxApi</c>: <see cref="Public"/> (no guard of its own), <see cref="Me"/> (<c>/api/me</c>: a valid, unrevoked
/// session of an eligible employee) and <see cref="Admin"/> (<c>/api/admin</c>: an admin key, or the session of an HR
/// or admin employee), and <see cref="Scoped"/> (also <c>/api/admin</c>: admin key, HR/admin, or a supervisor, with a
/// <see cref="Reviews.Reviewer"/> whose scope the endpoint applies; read-only routes and decisions only). A route that
/// needs another guard makes its own group from <see cref="Public"/>, in its route table.
/// </summary>
public sealed record ApiGroups(IEndpointRouteBuilder Public, RouteGroupBuilder Me, RouteGroupBuilder Admin, RouteGroupBuilder Scoped)
{
    public static ApiGroups Create(IEndpointRouteBuilder app) => new(
        app,
        // Every /api/me route, whichever feature maps it, is in this one group: session, revocation and eligibility checked once.
        app.MapGroup("/api/me").AddEndpointFilter<SessionAuthentication>().AddEndpointFilter<SessionEligibilityFilter>().WithMetadata(ApiAuth.Session),
        app.MapGroup("/api/admin").AddEndpointFilter<AdminAuthentication>().WithMetadata(ApiAuth.Admin),
        // Supervisors reach only the routes mapped here; everything else under /api/admin stays HR and admins'.
        app.MapGroup("/api/admin").AddEndpointFilter<Reviews.ReviewerAuthentication>().WithMetadata(ApiAuth.Admin));
}
