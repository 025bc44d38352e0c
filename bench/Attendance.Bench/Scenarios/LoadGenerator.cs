using System.Diagnostics;
using System.Net;
using System.Text;

namespace Attendance.Bench.Scenarios;

/// <summary>Latencies of one run, in milliseconds, and how many requests completed per second.</summary>
public sealed record LoadResult(int Completed, int Failed, double Seconds, double[] SortedMs, double CpuSeconds = 0)
{
    public double PerSecond => Completed / Seconds;

    /// <summary>
    /// Process CPU (server and load generator together) per completed request: on a shared machine the wall-clock
    /// rate follows whatever else runs, while the CPU a request costs hardly moves.
    /// </summary>
    public double CpuMicrosecondsPerRequest => Completed == 0 ? 0 : CpuSeconds * 1e6 / Completed;

    public double Percentile(double p) => SortedMs.Length == 0 ? 0 : SortedMs[Math.Min(SortedMs.Length - 1, (int)Math.Ceiling(p * SortedMs.Length) - 1)];

    /// <summary>Several slices of one measurement (alternating rounds) as one result.</summary>
    public static LoadResult Merge(IReadOnlyList<LoadResult> results) => new(
        results.Sum(r => r.Completed), results.Sum(r => r.Failed), results.Sum(r => r.Seconds), [.. results.SelectMany(r => r.SortedMs).Order()],
        results.Sum(r => r.CpuSeconds));
}

/// <summary>
/// Real HTTP over loopback with keep-alive: either closed-loop (N workers back to back, for throughput) or open-loop
/// at a fixed rate (latency measured from the scheduled send time, so a stall is not hidden by sending less).
/// </summary>
public sealed class LoadGenerator(Uri baseAddress, int maxConnections) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private int _reportedFailures;

    public async Task<LoadResult> ClosedLoopAsync(int workers, TimeSpan duration, Func<long, (string Body, string? Token)> next)
    {
        var latencies = new List<double>[workers];
        var failed = 0;
        long sequence = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var (body, token) = next(Interlocked.Increment(ref sequence));
                var t0 = Stopwatch.GetTimestamp();
                if (!await SendAsync(body, token))
                {
                    Interlocked.Increment(ref failed);
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length - failed, failed, seconds, all, cpuSeconds);
    }

    public async Task<LoadResult> OpenLoopAsync(int perSecond, TimeSpan duration, Func<long, (string Body, string? Token)> next)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var failed = 0;
        var tasks = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / perSecond);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                if (wait > 2)
                {
                    await Task.Delay(1);
                }
                else
                {
                    Thread.SpinWait(50);
                }
            }

            var index = i;
            var (body, token) = next(i);
            tasks.Add(Task.Run(async () =>
            {
                if (!await SendAsync(body, token))
                {
                    Interlocked.Increment(ref failed);
                }

                latencies[index] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
            }));
        }

        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadResult(total - failed, failed, seconds, [.. latencies.Order()]);
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> SendAsync(string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/punches")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _client.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
        {
            return true;
        }

        if (Interlocked.Increment(ref _reportedFailures) <= 3)
        {
            Console.Error.WriteLine($"failed: {(int)response.StatusCode} {Encoding.UTF8.GetString(answer)}");
        }

        return false;
    }
}
