using Attendance.Data.Repositories;

namespace Attendance.BotHost.Health;

/// <summary>
/// Whether the database takes writes, for <c>/readyz</c>: a database that answers SELECT but refuses writes (a file
/// gone read-only, a PostgreSQL standby, a read-only SQL Server database) cannot store a punch, so the host is not
/// ready. An UPDATE that matches no row still needs a write transaction on all three databases, so it fails there
/// without changing anything. Asked at most once per <see cref="Interval"/>: a load balancer polling every host must
/// not turn into a write load.
/// </summary>
public sealed class WriteProbe(DatabaseProbe database, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, string? Failure)? _last;

    /// <summary>Null when writes work, else the type of the error that refused one.</summary>
    public async Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        if (_last is { } last && time.GetUtcNow() - last.At < Interval)
        {
            return last.Failure;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } again && time.GetUtcNow() - again.At < Interval)
            {
                return again.Failure;
            }

            string? failure = null;
            try
            {
                await database.ProbeWriteAsync(cancellationToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                failure = e.GetType().Name;
            }

            _last = (time.GetUtcNow(), failure);
            return failure;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
