using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost;
using Attendance.BotHost.Face;
using Attendance.BotHost.Sessions;
using Attendance.Data.Face;
using Attendance.Data.Repositories;
using Attendance.Face;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Sites;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// Photo punches on a site that requires a face: the real host in-process on SQLite, multipart punches over loopback
/// HTTP, every one compared with the employee's enrolled template. Measured against the raw pipeline in the same run:
/// <see cref="FaceEngine"/> with the same worker count analysing the same photos and comparing with a template,
/// one caller per worker back to back. The ratio is host punches per second over raw analyses per second.
/// </summary>
public static class PhotoScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var seconds = options.Int("seconds", 15);
        var workers = options.Int("concurrency", 8);
        var employees = options.Int("employees", 60);
        var side = options.Int("side", 640);
        var requireFace = options.Int("face", 1) == 1;
        var rounds = Math.Max(1, options.Int("rounds", 5));
        var root = RepositoryRoot();
        var models = Path.Combine(root, "models", "face");
        var photos = LoadPhotos(Path.Combine(root, "tests", "Face.Tests", "Fixtures", "faces"), side);
        var directory = Path.Combine(Path.GetTempPath(), "attendance-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            await using var app = HostProgram.Build(HostArgs(directory, models));
            await HostProgram.PrepareAsync(app, demo: false);
            await app.StartAsync();
            var sw = Stopwatch.StartNew();
            await SeedAsync(app.Services, photos, employees, requireFace);
            Console.WriteLine($"seeded {employees} enrolled employees in {sw.Elapsed.TotalSeconds:0.0} s");

            var tokens = app.Services.GetRequiredService<SessionTokens>();
            var session = Enumerable.Range(0, employees).Select(i => tokens.Issue(UserId(i)).Token).ToArray();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = workers, UseProxy = false })
            {
                BaseAddress = new Uri(app.Urls.First()),
                Timeout = TimeSpan.FromSeconds(60),
            };
            var punches = new PhotoPunches(client, photos, session);
            using var raw = new RawPipeline(models, photos);
            await raw.RunAsync(TimeSpan.FromSeconds(2), 50_000_000);
            await ClosedLoopAsync(workers, TimeSpan.FromSeconds(2), n => punches.SendAsync(n + 50_000_000));

            // Raw and host phases alternate, so a drift in the machine's other load falls on both alike.
            var rawResults = new List<LoadResult>();
            var hostResults = new List<LoadResult>();
            var slice = TimeSpan.FromSeconds(Math.Max(1.0, (double)seconds / rounds));
            for (var round = 0; round < rounds; round++)
            {
                rawResults.Add(await raw.RunAsync(slice, round * 1_000_000L));
                hostResults.Add(await ClosedLoopAsync(workers, slice, n => punches.SendAsync(n + (round * 1_000_000L))));
            }

            var rawAll = LoadResult.Merge(rawResults);
            var host = LoadResult.Merge(hostResults);
            Console.WriteLine($"raw:   {rawAll.PerSecond:0.0} analyses/s, p50 {rawAll.Percentile(0.5):0.0} ms, p99 {rawAll.Percentile(0.99):0.0} ms");
            Console.WriteLine($"host:  {host.PerSecond:0.0} punches/s, p50 {host.Percentile(0.5):0.0} ms, p99 {host.Percentile(0.99):0.0} ms, " +
                $"failed {host.Failed}, FACE_MATCH {punches.Matched}/{punches.Sent}");
            await app.StopAsync();

            var line = string.Create(CultureInfo.InvariantCulture,
                $$"""{"scenario":"photo","ratio":{{host.PerSecond / rawAll.PerSecond:0.000}},"punchesPerSecond":{{host.PerSecond:0.0}},"rawPerSecond":{{rawAll.PerSecond:0.0}},"p50Ms":{{host.Percentile(0.5):0.0}},"p99Ms":{{host.Percentile(0.99):0.0}},"rawP50Ms":{{rawAll.Percentile(0.5):0.0}},"rawP99Ms":{{rawAll.Percentile(0.99):0.0}},"failed":{{host.Failed}},"matched":{{punches.Matched}},"sent":{{punches.Sent}},"workers":{{Environment.ProcessorCount}},"concurrency":{{workers}},"rounds":{{rounds}},"photoSide":{{side}},"employees":{{employees}}}""");
            Console.WriteLine(line);
            return host.Failed == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string UserId(int i) => string.Create(CultureInfo.InvariantCulture, $"p{i:0000}");

    private static string[] HostArgs(string directory, string models) => BenchHost.Args(
        directory,
        $"--Face:ModelDirectory={models}",
        // Measure the inline path: every punch waits for its comparison (the background path answers before it).
        "--Face:PendingThreshold=100000",
        "--Punching:PerUserPerMinute=100000",
        "--Punching:PerIpPerMinute=10000000"
    );

    /// <summary>Per person, the photos as JPEG, drawn at <paramref name="side"/> pixels (0 keeps them as they are) like a phone's capture.</summary>
    private static byte[][][] LoadPhotos(string directory, int side) =>
    [
        .. Directory.GetDirectories(directory).Order(StringComparer.Ordinal)
            .Select(person => Directory.GetFiles(person, "*.jpg").Order(StringComparer.Ordinal)
                .Select(f => side > 0 ? Resize(File.ReadAllBytes(f), side) : File.ReadAllBytes(f)).ToArray()),
    ];

    private static byte[] Resize(byte[] jpeg, int side)
    {
        using var image = SKImage.FromEncodedData(jpeg);
        using var surface = SKSurface.Create(new SKImageInfo(side, side));
        surface.Canvas.DrawImage(image, SKRect.Create(0, 0, side, side), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    private static async Task SeedAsync(IServiceProvider services, byte[][][] photos, int employees, bool requireFace)
    {
        await services.GetRequiredService<DepartmentRepository>().UpsertAsync(new Department(1, "门店", null, [], DigestSettings.None), "bench");
        await services.GetRequiredService<SiteRepository>().UpsertAsync(new Site("store", "门店", CoordinateSystem.Gcj02,
            new CircleFence(new GeoPoint(31.23, 121.47), 300), null, [], [1], OutOfRangePolicy.Exception, false, requireFace), "bench");
        var people = services.GetRequiredService<EmployeeRepository>();
        var consents = services.GetRequiredService<FaceConsentRepository>();
        var enrolment = services.GetRequiredService<FaceEnrolment>();
        for (var i = 0; i < employees; i++)
        {
            await people.UpsertAsync(new Employee(UserId(i), $"员工{i}", [1], 1, [], true, [Role.Employee], null, null), "bench");
            await consents.RecordAsync(UserId(i), true, "bench", "bench");
            var refusal = await enrolment.EnrolAsync(UserId(i), photos[i % photos.Length][0], "bench", "bench", CancellationToken.None);
            if (refusal != EnrolRefusal.None)
            {
                throw new InvalidOperationException($"enrolling {UserId(i)} failed: {refusal}");
            }
        }
    }

    private static async Task<LoadResult> ClosedLoopAsync(int workers, TimeSpan duration, Func<long, Task<bool>> send)
    {
        var latencies = new List<double>[workers];
        var failed = 0;
        long sequence = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(1024);
            while (Stopwatch.GetTimestamp() < end)
            {
                var t0 = Stopwatch.GetTimestamp();
                if (!await send(Interlocked.Increment(ref sequence)))
                {
                    Interlocked.Increment(ref failed);
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length - failed, failed, seconds, all);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Attendance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the bench from inside the repository (it reads models/face and the test photos).");
    }

    /// <summary>Employee n mod N punches at the store with another photo of the person they enrolled with.</summary>
    private sealed class PhotoPunches(HttpClient client, byte[][][] photos, string[] tokens)
    {
        private int _matched;
        private int _sent;
        private int _reported;

        public int Matched => _matched;

        public int Sent => _sent;

        public async Task<bool> SendAsync(long n)
        {
            var employee = (int)(n % tokens.Length);
            var own = photos[employee % photos.Length];
            var photo = own[1 + (int)(n / tokens.Length % (own.Length - 1))];
            var jitter = (n % 997) * 1e-6;
            var punch = string.Create(CultureInfo.InvariantCulture,
                $$"""{"clientPunchId":"ph-{{n}}","kind":"{{(n / tokens.Length % 2 == 0 ? "in" : "out")}}","location":{"latitude":{{31.2304 + jitter:0.000000}},"longitude":{{121.47 + jitter:0.000000}},"accuracy":18,"coordinateSystem":"gcj02"},"deviceId":"d-{{employee}}"}""");
            using var content = new MultipartFormDataContent();
            content.Add(new StringContent(punch, Encoding.UTF8, "application/json"), "punch");
            var part = new ByteArrayContent(photo);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            content.Add(part, "photo", "photo.jpg");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/punches") { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[employee]);
            using var response = await client.SendAsync(request);
            var answer = await response.Content.ReadAsStringAsync();
            Interlocked.Increment(ref _sent);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                if (answer.Contains("\"FACE_MATCH\"", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref _matched);
                }

                return true;
            }

            if (Interlocked.Increment(ref _reported) <= 3)
            {
                Console.Error.WriteLine($"failed: {(int)response.StatusCode} {answer}");
            }

            return false;
        }
    }

    /// <summary>
    /// The pipeline alone, in the same process: its own engine with the host's worker count, one caller per worker
    /// back to back (so no session ever waits for work), each photo compared with its person's template.
    /// </summary>
    private sealed class RawPipeline : IDisposable
    {
        private readonly FaceEngine _engine;
        private readonly byte[][][] _photos;
        private readonly float[][] _templates;

        public RawPipeline(string models, byte[][][] photos)
        {
            _engine = FaceEngine.Create(models);
            _photos = photos;
            _templates = [.. photos.Select(p => _engine.Analyze(p[0]).Embedding!)];
        }

        public Task<LoadResult> RunAsync(TimeSpan duration, long offset) =>
            ClosedLoopAsync(_engine.Workers, duration, n => Task.FromResult(Analyse(n + offset)));

        public void Dispose() => _engine.Dispose();

        private bool Analyse(long n)
        {
            var person = (int)(n % _photos.Length);
            var own = _photos[person];
            var analysis = _engine.Analyze(own[1 + (int)(n / _photos.Length % (own.Length - 1))]);
            return analysis.Embedding is { } e
                && FaceDecision.Decide(FaceMath.Cosine(_templates[person], e), FaceThresholds.Default) == FaceVerdict.Match;
        }
    }
}
