using System.Data.Common;
using Attendance.Data.Punches;
using Attendance.Rules.Punching;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attendance.Data.Sqlite;

/// <summary>
/// The anti-cheat history of the last <see cref="PunchHistoryRepository.DeviceMemory"/> kept in memory on the single
/// SQLite host, so a punch reads no SQL at all (DESIGN §2: "recent punches &amp; devices: cached"). It answers exactly
/// what <see cref="PunchHistoryRepository"/>'s five statements would, and it knows which state of the database it
/// reflects: <c>punch_changes.version</c>, bumped by triggers on every change to the columns it holds.
/// <para>
/// Punches committed by this host are added by the committing writer (<see cref="PunchGroupCommit"/>), which checks
/// that the version it finds at the start of its transaction is the one the window holds and takes the version at
/// the end. A change from anywhere else (another process, a hand edit, an erasure through
/// <see cref="Invalidate"/>) leaves a version the window does not know: the window is dropped and reloaded, and
/// until then every punch reads its history with SQL. A foreign change is noticed at the next commit of this host or
/// within a second.
/// </para>
/// </summary>
public sealed class PunchWindow
{
    private static readonly TimeSpan VerifyEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryLoadAfter = TimeSpan.FromSeconds(5);

    private readonly ConnectionFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private PunchHistoryIndex? _state;
    private Task? _loading;
    private Task _verifying = Task.CompletedTask;
    private long _verifiedAt;
    private readonly bool _sqlite;
    private long? _loadFailedAt;
    private bool _tooLarge;
    private int _loads;

    public PunchWindow(ConnectionFactory factory, TimeProvider time, ILogger<PunchWindow>? logger = null)
    {
        _factory = factory;
        _time = time;
        _logger = logger ?? NullLogger<PunchWindow>.Instance;
        _sqlite = factory.Provider == DatabaseProvider.Sqlite && factory.WriteGate is not null;
    }

    /// <summary>Only on SQLite, where this process is the only writer there normally is, and unless turned off.</summary>
    public bool Enabled => _sqlite && MaxPunches > 0;

    /// <summary>
    /// The most punches the window holds (about 250 bytes each). A company with more history than this in 90 days is
    /// too large for the in-memory window: it turns itself off, says so in the log, and punches read their history
    /// with SQL (such a company belongs on PostgreSQL anyway).
    /// </summary>
    public int MaxPunches { get; init; } = 1_000_000;

    /// <summary>True once the window gave up because the history outgrew <see cref="MaxPunches"/>.</summary>
    public bool TooLarge
    {
        get
        {
            lock (_lock)
            {
                return _tooLarge;
            }
        }
    }

    /// <summary>How many times a state was loaded: once at start-up, once more per change made elsewhere.</summary>
    public int Loads
    {
        get
        {
            lock (_lock)
            {
                return _loads;
            }
        }
    }

    /// <summary>True while the window holds a state it can answer from.</summary>
    public bool IsLoaded
    {
        get
        {
            lock (_lock)
            {
                return _state is not null;
            }
        }
    }

    /// <summary>The database version the window reflects, or null when it holds nothing.</summary>
    public long? Version
    {
        get
        {
            lock (_lock)
            {
                return _state?.Version;
            }
        }
    }

    /// <summary>
    /// The history of one punch from memory, or false when the window cannot answer exactly (not loaded yet, just
    /// invalidated, or a work date or horizon older than what it holds); the caller then reads it with SQL.
    /// </summary>
    public bool TryRead(string userId, DateOnly workDate, DateTimeOffset now, string? deviceId, FixKey? fixKey, out PunchHistory history)
    {
        history = null!;
        if (!Enabled)
        {
            return false;
        }

        var since = now - PunchHistoryRepository.DeviceMemory;
        lock (_lock)
        {
            if (_state is not { } state)
            {
                StartLoading();
                return false;
            }

            VerifySoon();
            if (workDate < state.FirstWorkDate || since < state.Since)
            {
                return false;
            }

            history = state.Read(userId, workDate, since, deviceId, fixKey);
            return true;
        }
    }

    /// <summary>Drops what the window holds (after an erasure, or a change it did not make); it reloads on its next use.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _state = null;
        }
    }

    /// <summary>
    /// Completes once no check against the database and no load is running (a reload a check started included), so a
    /// test can assert that something did not happen without sleeping.
    /// </summary>
    internal async Task IdleAsync()
    {
        while (true)
        {
            Task verifying;
            Task? loading;
            lock (_lock)
            {
                verifying = _verifying;
                loading = _loading;
            }

            if (verifying.IsCompleted && loading is null)
            {
                return;
            }

            await verifying;
            if (loading is not null)
            {
                await loading;
            }
        }
    }

    /// <summary>Loads the window now (host start-up, tests); a no-op when disabled.</summary>
    public Task LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!Enabled)
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            // Started on the pool, never inline: the load can finish synchronously, and its end clears _loading under this lock.
            _loading ??= Task.Run(() => LoadOnceAsync(cancellationToken), CancellationToken.None);
            return _loading;
        }
    }

    /// <summary>The change counter as seen inside the caller's transaction.</summary>
    public static async Task<long> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM punch_changes WHERE id = 1";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Called by the writer after it committed punches, with the versions it read at the start and the end of its
    /// transaction. The window takes the punches only when it held exactly the starting version and the counter moved
    /// by exactly the punches written; anything else means someone else changed punches, and the window is dropped.
    /// </summary>
    internal void Committed(long versionBefore, long versionAfter, IReadOnlyList<StoredPunch> created)
    {
        lock (_lock)
        {
            if (_state is not { } state)
            {
                return;
            }

            if (state.Version != versionBefore || versionAfter - versionBefore != created.Count)
            {
                _logger.LogInformation("Punches changed outside this host's writer (window at {Known}, database at {Before}); reloading the punch window",
                    state.Version, versionBefore);
                _state = null;
                StartLoading();
                return;
            }

            foreach (var punch in created)
            {
                state.Add(punch.Id, punch.UserId, Prior(punch), punch.DeviceId, punch.FixKey);
            }

            state.Version = versionAfter;
            if (state.Count > MaxPunches)
            {
                GiveUp(state.Count);
                return;
            }

            var now = _time.GetUtcNow();
            // Once a day: what falls out is a day's worth, and a pass over everything costs too much to make per batch.
            if (DateOnly.FromDateTime(now.UtcDateTime) != state.PrunedOn)
            {
                state.Prune(now);
            }
        }
    }

    private static PriorPunch Prior(StoredPunch p) =>
        new WindowRow
        {
            UserId = p.UserId,
            CaptureTime = p.CaptureTime,
            WorkDate = p.WorkDate,
            Latitude = p.Latitude,
            Longitude = p.Longitude,
            AccuracyMeters = p.AccuracyMeters,
            CoordinateSystem = p.CoordinateSystem,
        }.ToPrior();

    /// <summary>Under the lock: the history outgrew <see cref="MaxPunches"/>; SQL answers from now on.</summary>
    private void GiveUp(int count)
    {
        _state = null;
        _tooLarge = true;
        _logger.LogWarning("The punch window would hold {Count} punches, more than {Max}; punches read their anti-cheat history with SQL from now on " +
            "(raise the limit if memory allows, or move to PostgreSQL)", count, MaxPunches);
    }

    private void StartLoading()
    {
        if (!_tooLarge && _loading is null && (_loadFailedAt is not { } failedAt || _time.GetTimestamp() - failedAt >= RetryLoadAfter.TotalSeconds * _time.TimestampFrequency))
        {
            _loading = Task.Run(() => LoadOnceAsync(CancellationToken.None));
        }
    }

    private void VerifySoon()
    {
        var now = _time.GetTimestamp();
        if (now - _verifiedAt < VerifyEvery.TotalSeconds * _time.TimestampFrequency)
        {
            return;
        }

        _verifiedAt = now;
        _verifying = Task.Run(VerifyAsync);
    }

    /// <summary>Compares the counter with the window's, unless a writer holds the gate (its own check does it then).</summary>
    private async Task VerifyAsync()
    {
        var gate = _factory.WriteGate!;
        if (!gate.Wait(0))
        {
            return;
        }

        try
        {
            await using var connection = await _factory.OpenAsync();
            var version = await ReadVersionAsync(connection, null, CancellationToken.None);
            lock (_lock)
            {
                if (_state is { } state && state.Version != version)
                {
                    _logger.LogInformation("Punches changed outside this host (window at {Known}, database at {Version}); reloading the punch window",
                        state.Version, version);
                    _state = null;
                    StartLoading();
                }
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Could not check the punch window against the database; dropping it");
            Invalidate();
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// One consistent snapshot (version and rows in one read transaction) taken while no writer of this process can
    /// commit, so no punch of this host falls between the snapshot and the installed window.
    /// </summary>
    private async Task LoadOnceAsync(CancellationToken cancellationToken)
    {
        var gate = _factory.WriteGate!;
        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var now = _time.GetUtcNow();
                var since = now - PunchHistoryRepository.DeviceMemory;
                // Every local work date is within a day of the UTC date; a day boundary moves it by at most one more.
                var firstWorkDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
                var state = new PunchHistoryIndex(0, firstWorkDate, since);
                await using var connection = await _factory.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                state.Version = await ReadVersionAsync(connection, transaction, cancellationToken);
                // Streamed, not buffered: the rows are only read once, into the window.
                var rows = connection.QueryUnbufferedAsync<WindowRow>(
                    $"SELECT {PunchColumns.Window} FROM punches WHERE capture_time >= @since OR work_date >= @firstWorkDate ORDER BY id",
                    new { since, firstWorkDate }, transaction);
                await foreach (var row in rows.WithCancellation(cancellationToken))
                {
                    state.Add(row.Id, row.UserId, row.ToPrior(), row.DeviceId, row.FixKey);
                    if (state.Count > MaxPunches)
                    {
                        lock (_lock)
                        {
                            GiveUp(state.Count);
                        }

                        return;
                    }
                }

                await transaction.CommitAsync(cancellationToken);
                lock (_lock)
                {
                    _state = state;
                    _verifiedAt = _time.GetTimestamp();
                    _loads++;
                }

                _logger.LogInformation("Punch window loaded: {Count} punches at version {Version}", state.Count, state.Version);
            }
            finally
            {
                gate.Release();
            }
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or OperationCanceledException)
        {
            _logger.LogWarning(e, "Could not load the punch window; punches read their history with SQL meanwhile");
            _loadFailedAt = _time.GetTimestamp();
        }
        finally
        {
            lock (_lock)
            {
                _loading = null;
            }
        }
    }

    private sealed class WindowRow : PunchHistoryRepository.PriorRow
    {
        public long Id { get; init; }

        public string? DeviceId { get; init; }

        public string? FixKey { get; init; }
    }
}
