using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.PunchPage;

namespace Attendance.BotHost.AdminConsole;

/// <summary>
/// The HR console (<c>/admin</c>): static files embedded like the punch page's, under the same CSP (own origin only,
/// no build step). It signs in with the admin key and then uses the documented <c>/api/admin</c> API alone, so it
/// needs no endpoint of its own.
/// </summary>
public static class AdminConsoleEndpoints
{
    // Built on first use: a host that never serves the console does not hold its files.
    private static readonly Lazy<PunchPageFiles> Files = new(() => new PunchPageFiles("admin/"));

    public static void MapAdminConsole(this ApiGroups groups)
    {
        var app = groups.Public;
        app.MapGet("/admin", ServeIndex).WithSummary("The HR console (HTML).")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").Produces(StatusCodes.Status304NotModified);
        app.MapGet("/admin/{*path}", ServeFile).WithSummary("A file of the HR console (HTML, CSS, JavaScript).")
            .Produces(StatusCodes.Status200OK, null, "text/html", "text/css", "text/javascript")
            .Produces(StatusCodes.Status304NotModified);
    }

    public static IResult ServeIndex(HttpContext http) => Files.Value.Serve(http, "index.html");

    public static IResult ServeFile(string? path, HttpContext http) =>
        Files.Value.Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path);
}
