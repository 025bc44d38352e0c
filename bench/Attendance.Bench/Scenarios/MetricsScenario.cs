using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Attendance.BotHost;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The storm's closed loop against three copies of the real host in one process, differing only in how metrics are
/// exported: none (<c>OpenTelemetry:Prometheus=false</c>), OpenTelemetry's Prometheus exporter (the host's own), and
/// prometheus-net's meter adapter (wired here, on the same meters with the same host scoping). The three take turns in
/// short slices, in a rotating order, so a drift in the machine's other load falls on all alike; while a host runs, its
/// <c>/metrics</c> is scraped once a second, so collection and rendering are paid for. (Commit 2fd5acd adds a fourth
/// host with the removed hand-written exporter, for the before/after runs in docs/benchmarks.md.)
/// </summary>
public static class MetricsScenario
{
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly double[] BatchBuckets = [1, 2, 4, 8, 16, 32, 64];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var employees = options.Int("employees", 20_000);
        var siteCount = options.Int("sites", 1_000);
        var seconds = options.Int("seconds", 30);
        var workers = options.Int("concurrency", 32);
        var rounds = Math.Max(1, options.Int("rounds", 10));
        var root = Path.Combine(Path.GetTempPath(), "attendance-bench-metrics-" + Guid.NewGuid().ToString("N")[..8]);
        var variants = new List<Variant>();
        try
        {
            foreach (var name in new[] { "none", "otel", "prometheus-net" })
            {
                var directory = Path.Combine(root, name);
                Directory.CreateDirectory(directory);
                variants.Add(await Variant.StartAsync(name, directory, employees, siteCount, workers));
            }

            foreach (var variant in variants)
            {
                // Warm-up: tiered JIT settles on each host alike.
                await variant.RunAsync(TimeSpan.FromSeconds(4), 20_000_000, scrape: false);
            }

            var slice = TimeSpan.FromSeconds(Math.Max(1.0, (double)seconds / rounds));
            for (var round = 0; round < rounds; round++)
            {
                for (var k = 0; k < variants.Count; k++)
                {
                    var variant = variants[(round + k) % variants.Count];
                    variant.Results.Add(await variant.RunAsync(slice, round * 1_000_000L, scrape: true));
                }
            }

            var merged = variants.ToDictionary(v => v.Name, v => LoadResult.Merge(v.Results), StringComparer.Ordinal);
            foreach (var variant in variants)
            {
                var r = merged[variant.Name];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variant.Name,-15} {r.PerSecond,6:0} punches/s, {r.CpuMicrosecondsPerRequest:0} µs CPU/punch, p50 {r.Percentile(0.5):0.00} ms, p99 {r.Percentile(0.99):0.00} ms, failed {r.Failed}, scrapes {variant.Scrapes} ({variant.ScrapeMs / Math.Max(1, variant.Scrapes):0.0} ms, {variant.ScrapeBytes / Math.Max(1, variant.Scrapes) / 1024.0:0.0} KB each)"));
            }

            if (Environment.GetEnvironmentVariable("BENCH_METRICS_DUMP") is { Length: > 0 } dump)
            {
                foreach (var variant in variants.Where(v => v.Name != "none"))
                {
                    await File.WriteAllTextAsync(dump + "." + variant.Name + ".txt", await variant.ScrapeTextAsync());
                }
            }

            var none = merged["none"];
            var otel = merged["otel"];
            var prom = merged["prometheus-net"];
            var otelVariant = variants.Single(v => v.Name == "otel");
            var promVariant = variants.Single(v => v.Name == "prometheus-net");
            var line = string.Create(CultureInfo.InvariantCulture,
                $$"""{"scenario":"metrics","nonePerSecond":{{none.PerSecond:0}},"otelPerSecond":{{otel.PerSecond:0}},"prometheusNetPerSecond":{{prom.PerSecond:0}},"otelRatio":{{otel.PerSecond / none.PerSecond:0.000}},"prometheusNetRatio":{{prom.PerSecond / none.PerSecond:0.000}},"noneCpuUs":{{none.CpuMicrosecondsPerRequest:0}},"otelCpuUs":{{otel.CpuMicrosecondsPerRequest:0}},"prometheusNetCpuUs":{{prom.CpuMicrosecondsPerRequest:0}},"noneP99Ms":{{none.Percentile(0.99):0.00}},"otelP99Ms":{{otel.Percentile(0.99):0.00}},"prometheusNetP99Ms":{{prom.Percentile(0.99):0.00}},"otelScrapeMs":{{otelVariant.ScrapeMs / Math.Max(1, otelVariant.Scrapes):0.0}},"prometheusNetScrapeMs":{{promVariant.ScrapeMs / Math.Max(1, promVariant.Scrapes):0.0}},"failed":{{none.Failed + otel.Failed + prom.Failed}},"loadAverage":{{Machine.LoadAverage():0.0}},"employees":{{employees}},"concurrency":{{workers}},"rounds":{{rounds}},"seconds":{{seconds}}}""");
            Console.WriteLine(line);
            return none.Failed + otel.Failed + prom.Failed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var variant in variants)
            {
                await variant.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class Variant : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly LoadGenerator _load;
        private readonly HttpClient _scraper;
        private readonly StormScenario.PunchBodies _bodies;
        private readonly string[] _sessions;
        private readonly int _workers;
        private readonly IDisposable? _adapter;

        private Variant(string name, WebApplication app, StormScenario.PunchBodies bodies, string[] sessions, int workers, IDisposable? adapter)
        {
            Name = name;
            _app = app;
            _bodies = bodies;
            _sessions = sessions;
            _workers = workers;
            _adapter = adapter;
            var uri = new Uri(app.Urls.First());
            _load = new LoadGenerator(uri, Math.Max(workers, 512));
            _scraper = new HttpClient { BaseAddress = uri };
        }

        public string Name { get; }

        public List<LoadResult> Results { get; } = [];

        public int Scrapes { get; private set; }

        public double ScrapeMs { get; private set; }

        public long ScrapeBytes { get; private set; }

        public static async Task<Variant> StartAsync(string name, string directory, int employees, int siteCount, int workers)
        {
            var app = HostProgram.Build(StormScenario.HostArgs(directory, name == "otel" ? [] : ["--OpenTelemetry:Prometheus=false"]));
            IDisposable? adapter = null;
            if (name == "prometheus-net")
            {
                // prometheus-net on the same meters as the host's own exporter: ours, and ASP.NET Core's of this host's
                // meter factory only; buckets as OpenTelemetry takes them from the instruments' advice.
                Metrics.SuppressDefaultMetrics();
                var registry = Metrics.NewCustomRegistry();
                var hostMeters = app.Services.GetRequiredService<IMeterFactory>();
                adapter = MeterAdapter.StartListening(new MeterAdapterOptions
                {
                    Registry = registry,
                    MetricFactory = Metrics.WithCustomRegistry(registry),
                    InstrumentFilterPredicate = i => i.Meter.Name == Telemetry.MeterName || (Telemetry.HostMeters.Contains(i.Meter.Name) && i.Meter.Scope == hostMeters),
                    ResolveHistogramBuckets = i => i.Meter.Name == Telemetry.MeterName ? BatchBuckets : DurationBuckets,
                });
                app.MapMetrics("/metrics", registry);
            }

            await HostProgram.PrepareAsync(app, demo: false);
            await app.StartAsync();
            var sw = Stopwatch.StartNew();
            var sites = await StormScenario.SeedAsync(app.Services, employees, siteCount);
            Console.WriteLine($"{name}: seeded {employees} employees, {siteCount} sites in {sw.Elapsed.TotalSeconds:0.0} s");
            var tokens = app.Services.GetRequiredService<SessionTokens>();
            var sessions = Enumerable.Range(0, employees).Select(i => tokens.Issue(StormScenario.UserId(i)).Token).ToArray();
            return new Variant(name, app, new StormScenario.PunchBodies(sites, employees), sessions, workers, adapter);
        }

        public async Task<LoadResult> RunAsync(TimeSpan duration, long offset, bool scrape)
        {
            using var stop = new CancellationTokenSource();
            var scraping = scrape && Name != "none" ? ScrapeEverySecondAsync(stop.Token) : Task.CompletedTask;
            var result = await _load.ClosedLoopAsync(_workers, duration, n => _bodies.Next(n + offset, _sessions));
            await stop.CancelAsync();
            await scraping;
            return result;
        }

        public Task<string> ScrapeTextAsync() => _scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        private async Task ScrapeEverySecondAsync(CancellationToken cancellationToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellationToken))
                {
                    var sw = Stopwatch.StartNew();
                    var text = await ScrapeTextAsync();
                    ScrapeMs += sw.Elapsed.TotalMilliseconds;
                    ScrapeBytes += text.Length;
                    Scrapes++;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            _load.Dispose();
            _scraper.Dispose();
            _adapter?.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
