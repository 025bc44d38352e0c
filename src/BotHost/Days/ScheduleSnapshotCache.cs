using Attendance.BotHost.Punching;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Days;

/// <summary>
/// The schedule (shifts, rosters, calendar, departments) for the punch path, which needs each punch's shift to give it
/// the work date its shift started on. Loaded once and shared; loaded again at once after a change through this host,
/// and at most <see cref="PunchingOptions.ScheduleRefreshSeconds"/> after a change on another host. One request
/// reloads; the others keep using the snapshot they have.
/// </summary>
public sealed class ScheduleSnapshotCache(DayService days, ShiftRepository shifts, AssignmentRepository assignments, CalendarRepository calendar,
    DepartmentRepository departments, TimeProvider time, IOptions<PunchingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _reload = new(1, 1);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(options.Value.ScheduleRefreshSeconds);
    private volatile State? _state;

    public async ValueTask<ScheduleSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        var local = LocalChanges();
        if (state is not null && state.LocalChanges == local && time.GetUtcNow() - state.LoadedAt < _interval)
        {
            return state.Snapshot;
        }

        // Stale only by age: someone else is already reloading, and the snapshot in hand is still a correct one.
        if (state is not null && state.LocalChanges == local && !await _reload.WaitAsync(0, cancellationToken))
        {
            return state.Snapshot;
        }

        if (state is null || state.LocalChanges != local)
        {
            await _reload.WaitAsync(cancellationToken);
        }

        try
        {
            state = _state;
            local = LocalChanges();
            if (state is null || state.LocalChanges != local || time.GetUtcNow() - state.LoadedAt >= _interval)
            {
                // The counters are read before the load: a change committed during it leaves them ahead, so the next
                // punch loads again rather than trusting a snapshot that may have missed it.
                var loadedAt = time.GetUtcNow();
                _state = state = new State(await days.LoadScheduleAsync(cancellationToken), local, loadedAt);
            }

            return state.Snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    public void Dispose() => _reload.Dispose();

    // Every counter only grows, so their sum moves whenever any one does.
    private long LocalChanges() => shifts.LocalChanges + assignments.LocalChanges + calendar.LocalChanges + departments.LocalChanges;

    private sealed record State(ScheduleSnapshot Snapshot, long LocalChanges, DateTimeOffset LoadedAt);
}
