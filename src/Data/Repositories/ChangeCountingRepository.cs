namespace Attendance.Data.Repositories;

/// <summary>
/// A repository whose writes through this instance are counted, so an in-process cache built from its rows (the
/// punch path's schedule) can tell at once that what it holds may be stale. Writes on another host are not seen
/// here; such caches also refresh on a timer.
/// </summary>
public abstract class ChangeCountingRepository
{
    private long _localChanges;

    /// <summary>Grows with every write made through this instance (a write that changed nothing counts too).</summary>
    public long LocalChanges => Interlocked.Read(ref _localChanges);

    protected async Task<T> CountedAsync<T>(Task<T> write)
    {
        var result = await write;
        Interlocked.Increment(ref _localChanges);
        return result;
    }
}
