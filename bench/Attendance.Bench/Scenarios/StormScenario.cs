using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Attendance.BotHost;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Sessions;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Sites;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The morning storm: the real host in-process on SQLite, many employees and sites, JSON punches (location, no
/// photo) over loopback HTTP with keep-alive. Measured against a bare Kestrel endpoint that parses the same JSON,
/// in the same run: closed-loop throughput of both in alternating rounds, then the host at a fixed offered rate for the
/// latency target.
/// </summary>
public static class StormScenario
{
    private static readonly JsonSerializerOptions Json = CreateJson();

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var employees = options.Int("employees", 20_000);
        var siteCount = options.Int("sites", 1_000);
        var seconds = options.Int("seconds", 10);
        var workers = options.Int("concurrency", 32);
        var offered = options.Int("rate", 1_000);
        var rounds = Math.Max(1, options.Int("rounds", 5));
        var directory = Path.Combine(Path.GetTempPath(), "attendance-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            await using var bare = await BareEndpoint.StartAsync(workers, employees);
            await using var app = HostProgram.Build(HostArgs(directory));
            await HostProgram.PrepareAsync(app, demo: false);
            await app.StartAsync();
            var sw = Stopwatch.StartNew();
            var sites = await SeedAsync(app.Services, employees, siteCount);
            Console.WriteLine($"seeded {employees} employees, {siteCount} sites in {sw.Elapsed.TotalSeconds:0.0} s");

            if (Environment.GetEnvironmentVariable("BENCH_PHASES") == "1")
            {
                await PhaseProbe.RunAsync(app.Services, employees);
            }

            var tokens = app.Services.GetRequiredService<SessionTokens>();
            var session = Enumerable.Range(0, employees).Select(i => tokens.Issue(UserId(i)).Token).ToArray();
            var bodies = new PunchBodies(sites, employees);
            using var load = new LoadGenerator(new Uri(app.Urls.First()), Math.Max(workers, 512));
            // Warm-up long enough for tiered JIT to settle on both sides; then the two alternate, so a drift in the
            // machine's other load falls on both alike.
            await bare.RunAsync(TimeSpan.FromSeconds(4), 20_000_000);
            await load.ClosedLoopAsync(workers, TimeSpan.FromSeconds(4), n => bodies.Next(n + 20_000_000, session));

            using var rss = new PeakRss();
            using var batches = new BatchWatcher();
            var slice = TimeSpan.FromSeconds(Math.Max(1.0, (double)seconds / rounds));
            var bareResults = new List<LoadResult>();
            var hostResults = new List<LoadResult>();
            for (var round = 0; round < rounds; round++)
            {
                bareResults.Add(await bare.RunAsync(slice, round * 1_000_000L));
                hostResults.Add(await load.ClosedLoopAsync(workers, slice, n => bodies.Next(n + (round * 1_000_000L), session)));
            }

            var baseline = LoadResult.Merge(bareResults);
            var storm = LoadResult.Merge(hostResults);
            var averageBatch = batches.Average;
            Console.WriteLine($"baseline: {baseline.PerSecond:0} req/s, p50 {baseline.Percentile(0.5):0.00} ms, p99 {baseline.Percentile(0.99):0.00} ms");
            Console.WriteLine($"commit batches: average {averageBatch:0.0}");
            Console.WriteLine($"storm:    {storm.PerSecond:0} punches/s, p50 {storm.Percentile(0.5):0.00} ms, p99 {storm.Percentile(0.99):0.00} ms, failed {storm.Failed}");
            var steady = await load.OpenLoopAsync(offered, TimeSpan.FromSeconds(seconds), n => bodies.Next(n + 10_000_000, session));
            Console.WriteLine($"at {offered}/s offered: {steady.PerSecond:0} completed/s, p50 {steady.Percentile(0.5):0.00} ms, p99 {steady.Percentile(0.99):0.00} ms, failed {steady.Failed}");
            var peak = rss.Stop();
            await app.StopAsync();
            var floor = await SqliteFloor.MeasureAsync(directory, Math.Max(1, (int)Math.Round(averageBatch)), 20_000, employees);
            // The ratio a punch would reach if it cost only the bare request plus the bare insert.
            var bound = baseline.CpuMicrosecondsPerRequest / (baseline.CpuMicrosecondsPerRequest + floor);
            Console.WriteLine($"sqlite floor: {floor:0} µs CPU per punch at batch {Math.Round(averageBatch):0}; ratio bound {bound:0.000}");

            var line = string.Create(CultureInfo.InvariantCulture,
                $$"""{"scenario":"storm","ratio":{{storm.PerSecond / baseline.PerSecond:0.000}},"punchesPerSecond":{{storm.PerSecond:0}},"baselinePerSecond":{{baseline.PerSecond:0}},"p50Ms":{{steady.Percentile(0.5):0.00}},"p99Ms":{{steady.Percentile(0.99):0.00}},"offeredPerSecond":{{offered}},"stormP50Ms":{{storm.Percentile(0.5):0.00}},"stormP99Ms":{{storm.Percentile(0.99):0.00}},"cpuUsPerPunch":{{storm.CpuMicrosecondsPerRequest:0}},"cpuUsPerBaseline":{{baseline.CpuMicrosecondsPerRequest:0}},"cpuRatio":{{baseline.CpuMicrosecondsPerRequest / storm.CpuMicrosecondsPerRequest:0.000}},"avgCommitBatch":{{averageBatch:0.0}},"sqliteFloorUsPerPunch":{{floor:0}},"ratioBound":{{bound:0.000}},"loadAverage":{{Machine.LoadAverage():0.0}},"failed":{{storm.Failed + steady.Failed}},"rssMb":{{peak / 1048576.0:0}},"employees":{{employees}},"sites":{{siteCount}},"concurrency":{{workers}},"rounds":{{rounds}}}""");
            Console.WriteLine(line);
            return storm.Failed + steady.Failed == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static string UserId(int i) => string.Create(CultureInfo.InvariantCulture, $"e{i:00000}");

    internal static string[] HostArgs(string directory, params string[] extra) => BenchHost.Args(
        directory,
        [
        "--Punching:PerUserPerMinute=100000",
        "--Punching:PerIpPerMinute=10000000",
        .. extra,
    ]);

    internal static async Task<Site[]> SeedAsync(IServiceProvider services, int employees, int siteCount)
    {
        const int departments = 50;
        var departmentRepository = services.GetRequiredService<DepartmentRepository>();
        for (var d = 1; d <= departments; d++)
        {
            await departmentRepository.UpsertAsync(new Department(d, $"部门{d}", null, [], DigestSettings.None), "bench");
        }

        // A grid of sites about 1 km apart around Shanghai, each for one department.
        var sites = Enumerable.Range(0, siteCount).Select(i => new Site(
            string.Create(CultureInfo.InvariantCulture, $"site-{i:0000}"), $"站点{i}", CoordinateSystem.Gcj02,
            new CircleFence(new GeoPoint(30.9 + (i / 40 * 0.01), 121.1 + (i % 40 * 0.01)), 200), null, [],
            [(i % departments) + 1], OutOfRangePolicy.Exception, false, false)).ToArray();
        var siteRepository = services.GetRequiredService<SiteRepository>();
        foreach (var site in sites)
        {
            await siteRepository.UpsertAsync(site, "bench");
        }

        var employeeRepository = services.GetRequiredService<EmployeeRepository>();
        for (var i = 0; i < employees; i++)
        {
            var department = (i % departments) + 1;
            await employeeRepository.UpsertAsync(new Employee(UserId(i), $"员工{i}", [department], department, [], true, [Role.Employee], null, null), "bench");
        }

        return sites;
    }

    /// <summary>The baseline: a bare Kestrel endpoint (no middleware) that parses the same JSON and answers 201.</summary>
    private sealed class BareEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly LoadGenerator _load;
        private readonly PunchBodies _bodies;
        private readonly string[] _tokens;
        private readonly int _workers;

        private BareEndpoint(WebApplication app, int workers, int employees)
        {
            _app = app;
            _workers = workers;
            _load = new LoadGenerator(new Uri(app.Urls.First()), workers);
            var sites = new[] { new Site("s", "s", CoordinateSystem.Gcj02, new CircleFence(new GeoPoint(31.23, 121.47), 200), null, [], [], OutOfRangePolicy.Exception, false, false) };
            _bodies = new PunchBodies(sites, employees);
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
    }

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return options;
    }

    /// <summary>Employee n mod N punches near their own site, a fresh id each time, with a fix unique to the sixth decimal.</summary>
    internal sealed class PunchBodies(Site[] sites, int employees)
    {
        public (string Body, string? Token) Next(long n, string[] tokens)
        {
            var employee = (int)(n % employees);
            var site = sites[employee % sites.Length].Circle!.Center;
            var jitter = (n % 997) * 1e-6;
            var body = string.Create(CultureInfo.InvariantCulture,
                $$"""{"clientPunchId":"b-{{n}}","deviceTime":"{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}","kind":"{{(n / employees % 2 == 0 ? "in" : "out")}}","location":{"latitude":{{site.Latitude + 0.0004 + jitter:0.000000}},"longitude":{{site.Longitude + jitter:0.000000}},"accuracy":18,"coordinateSystem":"gcj02"},"deviceId":"d-{{employee}}"}""");
            return (body, tokens[employee]);
        }
    }

    /// <summary>Samples this process's resident set every 100 ms and keeps the peak.</summary>
    private sealed class PeakRss : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampler;

        public PeakRss() => _sampler = Task.Run(async () =>
        {
            long peak = 0;
            using var process = Process.GetCurrentProcess();
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(100).ConfigureAwait(false);
            }

            return peak;
        });

        public long Stop()
        {
            _stop.Cancel();
            return _sampler.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();
    }
}
