using System.Diagnostics;
using System.Globalization;
using Attendance.BotHost;
using Attendance.BotHost.Sessions;
using Attendance.Data;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Sites;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The morning storm: the real host in-process, many employees and sites, JSON punches (location, no photo) over
/// loopback HTTP with keep-alive. Measured against a bare Kestrel endpoint that parses the same JSON, in the same run:
/// closed-loop throughput of both in alternating rounds, then the host at a fixed offered rate for the latency target.
/// On SQLite (the default) one host and the SQLite floor; with <c>--provider=postgres</c>, <see cref="PostgresStorm"/>.
/// </summary>
public static class StormScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = new BenchArgs(args);
        var provider = arguments.String("provider") ?? "sqlite";
        // PostgreSQL's punch path runs fewer punches per second through more code (Npgsql): 4 s left the tiered JIT
        // compiling through the first rounds (a third of a core with no requests at all), 10 s did not.
        var options = StormOptions.From(arguments, warmUpSeconds: provider == "postgres" ? 10 : 4);
        switch (provider)
        {
            case "postgres":
                return await PostgresStorm.RunAsync(arguments, options);
            case "sqlite" when arguments.Int("hosts", 1) != 1:
                Console.Error.WriteLine("storm: --hosts needs --provider=postgres (a SQLite file belongs to one host)");
                return 2;
            case "sqlite":
                return await RunOnSqliteAsync(options);
            default:
                Console.Error.WriteLine("storm: --provider is sqlite (the default) or postgres");
                return 2;
        }
    }

    private static async Task<int> RunOnSqliteAsync(StormOptions o)
    {
        var (employees, siteCount, seconds, workers, offered, rounds) = o;
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

            var session = Sessions(app.Services, employees);
            var bodies = new PunchBodies(sites, employees);
            using var load = new LoadGenerator(new Uri(app.Urls.First()), Math.Max(workers, 512));
            Contender host = (duration, offset) => load.ClosedLoopAsync(workers, duration, n => bodies.Next(n + offset, session));
            await Alternation.WarmUpAsync(o, bare.RunAsync, host);

            using var rss = new PeakRss();
            using var batches = new BatchWatcher();
            var results = await Alternation.RoundsAsync(o, bare.RunAsync, host);
            var (baseline, storm) = (results[0], results[1]);
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

    /// <summary>A session token for every employee; hosts sharing the signing key all accept them.</summary>
    internal static string[] Sessions(IServiceProvider services, int employees)
    {
        var tokens = services.GetRequiredService<SessionTokens>();
        return [.. Enumerable.Range(0, employees).Select(i => tokens.Issue(UserId(i)).Token)];
    }

    internal static string UserId(int i) => string.Create(CultureInfo.InvariantCulture, $"e{i:00000}");

    internal static string[] HostArgs(string directory, params string[] extra) =>
        HostArgs(BenchHost.Sqlite(directory), directory, BenchHost.Secrets(), extra);

    /// <summary>The storm's host: rate limits raised out of the way of a load generator that is one client for 20,000 people.</summary>
    internal static string[] HostArgs(string[] database, string directory, string[] secrets, params string[] extra) => BenchHost.Args(
        database,
        directory,
        secrets,
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

        // The people in one transaction (BulkSeeder) rather than 20,000, each with its audit row: seeding is not what is measured.
        await new BenchCompany(services.GetRequiredService<ConnectionFactory>()).PeopleAsync(
        [
            .. Enumerable.Range(0, employees).Select(i => new Employee(UserId(i), $"员工{i}", [(i % departments) + 1], (i % departments) + 1, [], true,
                [Role.Employee], null, null)),
        ]);
        return sites;
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
}
