using System.Diagnostics.Metrics;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// Counts the statements Npgsql sends and the time they take (its <c>db.client.operation.duration</c> instrument), while
/// switched on: statements per punch, and how much of a punch's time is spent waiting for PostgreSQL. A COMMIT is not an
/// operation there, so each write transaction adds one round trip to the count.
/// </summary>
internal sealed class NpgsqlWatcher : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _operations;
    private long _microseconds;
    private volatile bool _on;

    public NpgsqlWatcher()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            if (_on)
            {
                Interlocked.Increment(ref _operations);
                Interlocked.Add(ref _microseconds, (long)(seconds * 1e6));
            }
        });
        _listener.Start();
    }

    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Wall time from sending each statement to its result, summed over statements in flight together.</summary>
    public double Seconds => Interlocked.Read(ref _microseconds) / 1e6;

    /// <summary>Counts what runs inside <paramref name="measured"/> only.</summary>
    public async Task<T> WatchAsync<T>(Func<Task<T>> measured)
    {
        _on = true;
        try
        {
            return await measured();
        }
        finally
        {
            _on = false;
        }
    }

    public void Dispose() => _listener.Dispose();
}
