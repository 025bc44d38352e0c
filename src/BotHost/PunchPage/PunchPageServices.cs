using Attendance.BotHost.Configuration;
using Attendance.BotHost.Sessions;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.PunchPage;

public static class PunchPageServices
{
    public static IServiceCollection AddPunchPage(this IServiceCollection services)
    {
        services.AddSingleton<PunchPageFiles>();
        services.AddSingleton(sp => new OAuthState(
            Convert.FromBase64String(sp.GetRequiredService<IOptions<SecurityOptions>>().Value.SessionSigningKey), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The page at <c>/punch</c> (and its files under it), the review page at <c>/punch/review</c>, their API and
    /// <c>/api/me/today</c>.</summary>
    public static WebApplication MapPunchPage(this WebApplication app, RouteGroupBuilder me)
    {
        app.MapGet("/punch", (HttpContext http, PunchPageFiles files) => files.Serve(http, "index.html"))
            .WithSummary("The punch page (HTML).").Produces(StatusCodes.Status200OK, contentType: "text/html").Produces(StatusCodes.Status304NotModified);
        app.MapGet("/punch/review", (HttpContext http, PunchPageFiles files) => files.Serve(http, "review.html"))
            .WithSummary("The review page (HTML).").Produces(StatusCodes.Status200OK, contentType: "text/html").Produces(StatusCodes.Status304NotModified);
        app.MapGet("/punch/{*path}", (string? path, HttpContext http, PunchPageFiles files) =>
            files.Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path))
            .WithSummary("A file of the punch page (HTML, CSS, JavaScript, images, manifest).")
            .Produces(StatusCodes.Status200OK, null, "text/html", "text/css", "text/javascript", "image/svg+xml", "image/png", "application/json", "text/plain", "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified);
        app.MapPunchPageApi();
        me.MapTodayEndpoints();
        return app;
    }
}
