using System.Text.Json;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.Rules.Geo;
using Attendance.Rules.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Attendance.Bench.Scenarios;

/// <summary>The storm's baseline: a bare Kestrel endpoint (no middleware) that parses the same JSON and answers 201.</summary>
internal sealed class BareEndpoint : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    private readonly WebApplication _app;
    private readonly LoadGenerator _load;
    private readonly StormScenario.PunchBodies _bodies;
    private readonly string[] _tokens;
    private readonly int _workers;

    private BareEndpoint(WebApplication app, int workers, int employees)
    {
        _app = app;
        _workers = workers;
        _load = new LoadGenerator(new Uri(app.Urls.First()), workers);
        var sites = new[] { new Site("s", "s", CoordinateSystem.Gcj02, new CircleFence(new GeoPoint(31.23, 121.47), 200), null, [], [], OutOfRangePolicy.Exception, false, false) };
        _bodies = new StormScenario.PunchBodies(sites, employees);
        _tokens = [.. Enumerable.Range(0, employees).Select(i => "token-" + i)];
    }

    public static async Task<BareEndpoint> StartAsync(int workers, int employees)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/punches", async (HttpContext http) =>
        {
            var request = await JsonSerializer.DeserializeAsync<PunchRequest>(http.Request.Body, Json, http.RequestAborted);
            http.Response.StatusCode = StatusCodes.Status201Created;
            await http.Response.WriteAsJsonAsync(new { clientPunchId = request?.ClientPunchId, verdict = "accepted" }, Json);
        });
        await app.StartAsync();
        return new BareEndpoint(app, workers, employees);
    }

    public Task<LoadResult> RunAsync(TimeSpan duration, long offset) =>
        _load.ClosedLoopAsync(_workers, duration, n => _bodies.Next(n + offset, _tokens));

    public async ValueTask DisposeAsync()
    {
        _load.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return options;
    }
}
