using System.Diagnostics;

namespace Attendance.Bench.Scenarios;

/// <summary>Samples this process's resident set every 100 ms and keeps the peak.</summary>
internal sealed class PeakRss : IDisposable
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
