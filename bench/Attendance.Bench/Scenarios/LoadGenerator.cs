using System.Diagnostics;
using System.Net;
using System.Text;

namespace Attendance.Bench.Scenarios;

/// <summary>Latencies of one run, in milliseconds, and how many requests completed per second.</summary>
public sealed record LoadResult(int Completed, int Failed, double Seconds, double[] SortedMs, double CpuSeconds = 0, double ServerCpuSeconds = 0)
{
    public double PerSecond => Completed / Seconds;

    /// <summary>
    /// Process CPU (server and load generator together) per completed request: on a shared machine the wall-clock
    /// rate follows whatever else runs, while the CPU a request costs hardly moves.
    /// </summary>
    public double CpuMicrosecondsPerRequest => Completed == 0 ? 0 : CpuSeconds * 1e6 / Completed;

    /// <summary>CPU of a database server on this machine (PostgreSQL's processes) per completed request; 0 for SQLite.</summary>
    public double ServerCpuMicrosecondsPerRequest => Completed == 0 ? 0 : ServerCpuSeconds * 1e6 / Completed;

    public double Percentile(double p) => SortedMs.Length == 0 ? 0 : SortedMs[Math.Min(SortedMs.Length - 1, (int)Math.Ceiling(p * SortedMs.Length) - 1)];

    /// <summary>Several slices of one measurement (alternating rounds) as one result.</summary>
    public static LoadResult Merge(IReadOnlyList<LoadResult> results) => new(
        results.Sum(r => r.Completed), results.Sum(r => r.Failed), results.Sum(r => r.Seconds), [.. results.SelectMany(r => r.SortedMs).Order()],
        results.Sum(r => r.CpuSeconds), results.Sum(r => r.ServerCpuSeconds));
}

/// <summary>
/// Real HTTP over loopback with keep-alive: either closed-loop (N workers back to back, for throughput) or open-loop
/// at a fixed rate (latency measured from the scheduled send time, so a stall is not hidden by sending less). With
/// several hosts, request n goes to host n mod count, as a round-robin load balancer would send it.
/// </summary>
public sealed class LoadGenerator(IReadOnlyList<Uri> hosts, int maxConnections) : IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = maxConnections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    private readonly Uri[] _punchUris = [.. hosts.Select(h => new Uri(h, "/api/punches"))];
    private int _reportedFailures;

    public LoadGenerator(Uri baseAddress, int maxConnections)
        : this([baseAddress], maxConnections)
    {
    }

    public Task<LoadResult> ClosedLoopAsync(int workers, TimeSpan duration, Func<long, (string Body, string? Token)> next) =>
        ClosedLoop.RunAsync(workers, duration, (_, n) =>
        {
            var (body, token) = next(n);
            return SendAsync(n, body, token);
        });

    public async Task<LoadResult> OpenLoopAsync(int perSecond, TimeSpan duration, Func<long, (string Body, string? Token)> next)
    {
        var total = (int)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var failed = 0;
        var tasks = new List<Task>(total);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / perSecond);
            var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (wait > 0)
            {
                // Sleep, never spin: at 1,000/s a spinning sender kept a whole core of this 2-core machine from the
                // server it measures. Requests that fall due during a sleep go out together on waking; their latency
                // still counts from when they were due.
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait)));
            }

            var index = i;
            var (body, token) = next(i);
            tasks.Add(Task.Run(async () =>
            {
                if (!await SendAsync(index, body, token))
                {
                    Interlocked.Increment(ref failed);
                }

                latencies[index] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
            }));
        }

        await Task.WhenAll(tasks);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return new LoadResult(total - failed, failed, seconds, [.. latencies.Order()], (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    public void Dispose() => _client.Dispose();

    private async Task<bool> SendAsync(long n, string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _punchUris[n % _punchUris.Length])
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
