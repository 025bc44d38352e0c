using System.Diagnostics;

namespace Attendance.Bench.Scenarios;

/// <summary>N workers doing one operation back to back for a while: the throughput measurement of every contender.</summary>
public static class ClosedLoop
{
    /// <param name="workers">How many operations are in flight at once.</param>
    /// <param name="duration">How long the workers keep starting operations.</param>
    /// <param name="operation">Worker index and a sequence number shared by all workers → whether it succeeded.</param>
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan duration, Func<int, long, Task<bool>> operation)
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
                var n = Interlocked.Increment(ref sequence);
                var t0 = Stopwatch.GetTimestamp();
                if (!await operation(w, n))
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
}
