using System.Diagnostics.Metrics;

namespace Attendance.Bench.Scenarios;

/// <summary>Listens to the host's punch commit batch sizes, to show whether group commit engaged during a run.</summary>
public sealed class BatchWatcher : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _commits;
    private long _punches;

    public BatchWatcher()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Attendance" && instrument.Name == "attendance.punch.commit_batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) =>
        {
            Interlocked.Increment(ref _commits);
            Interlocked.Add(ref _punches, value);
        });
        _listener.Start();
    }

    public double Average => Interlocked.Read(ref _commits) == 0 ? 0 : (double)Interlocked.Read(ref _punches) / Interlocked.Read(ref _commits);

    public void Dispose() => _listener.Dispose();
}
