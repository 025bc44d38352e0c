using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.PunchPage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.AdminConsole;

/// <summary>What the console needs to know of the host's configuration: the map picker, when one is configured.</summary>
public sealed record ConsoleConfigView(string? TencentMapKey, string? MapPickerUrl, string? MapPickerOrigin);

/// <summary>
/// The HR console (<c>/admin</c>): static files embedded like the punch page's, under the same CSP (own origin only,
/// no build step). It signs in with the admin key and then uses the documented <c>/api/admin</c> API alone. With
/// <c>Console:TencentMapKey</c> the CSP also allows Tencent's location picker as a frame (<see cref="ConsoleOptions"/>),
/// and <c>GET /api/admin/console/config</c> tells the page so.
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
        groups.Admin.MapGet("/console/config", GetConfig)
            .WithSummary("The console's configuration: the Tencent map picker's key and URL when Console:TencentMapKey is set.");
    }

    /// <summary>The console's CSP: the punch page's, plus the map picker's origin as a frame source when a key is configured.</summary>
    public static string ContentSecurityPolicy(ConsoleOptions options) => options.HasMapPicker
        ? PunchPageFiles.ContentSecurityPolicy + "; frame-src " + ConsoleOptions.MapPickerOrigin
        : PunchPageFiles.ContentSecurityPolicy;

    public static IResult ServeIndex(HttpContext http, IOptions<ConsoleOptions> options) =>
        Files.Value.Serve(http, "index.html", ContentSecurityPolicy(options.Value));

    public static IResult ServeFile(string? path, HttpContext http, IOptions<ConsoleOptions> options) =>
        Files.Value.Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path, ContentSecurityPolicy(options.Value));

    public static Ok<ConsoleConfigView> GetConfig(IOptions<ConsoleOptions> options)
    {
        var o = options.Value;
        return TypedResults.Ok(o.HasMapPicker
            ? new ConsoleConfigView(o.TencentMapKey!.Trim(), o.MapPickerUrl, ConsoleOptions.MapPickerOrigin)
            : new ConsoleConfigView(null, null, null));
    }
}
