using System.Data.Common;
using Attendance.Rules.Punching;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attendance.Data.Punches;

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
    /// <summary>More punches at one exact fix than this within the horizon are not all kept (a mock-location farm).</summary>
    private const int KeptPerFix = 64;

    private static readonly TimeSpan VerifyEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryLoadAfter = TimeSpan.FromSeconds(5);

    private readonly ConnectionFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private State? _state;
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
                var state = new State(0, firstWorkDate, since);
                await using var connection = await _factory.OpenAsync(cancellationToken);
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                state.Version = await ReadVersionAsync(connection, transaction, cancellationToken);
                // Streamed, not buffered: the rows are only read once, into the window.
                var rows = connection.QueryUnbufferedAsync<WindowRow>(
                    "SELECT id, user_id, capture_time, work_date, latitude, longitude, accuracy_meters, coordinate_system, device_id, fix_key " +
                    "FROM punches WHERE capture_time >= @since OR work_date >= @firstWorkDate ORDER BY id",
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

    private sealed class UserHistory(string userId)
    {
        public string UserId { get; } = userId;

        /// <summary>Punches with a work date from <see cref="State.FirstWorkDate"/> on.</summary>
        public List<PriorPunch> Recent { get; } = [];

        public PriorPunch? LastLocated { get; set; }

        public Dictionary<string, DateTimeOffset> Devices { get; } = new(StringComparer.Ordinal);
    }

    private readonly record struct FixEntry(long Id, PriorPunch Punch);

    /// <summary>The stored text form of a fix key (<see cref="PunchHistoryRepository.FixKeyText"/>) back as the key.</summary>
    private static FixKey? ParseFixKey(string? text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var lat)
            && long.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var lon)
            ? new FixKey(lat, lon)
            : null;
    }

    /// <summary>
    /// Holds every punch with a work date from <see cref="FirstWorkDate"/> on (today's punches, devices of a day) and
    /// every punch captured from <see cref="Since"/> on (devices, the latest fix, repeated fixes).
    /// </summary>
    private sealed class State(long version, DateOnly firstWorkDate, DateTimeOffset since)
    {
        private readonly Dictionary<string, UserHistory> _users = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Device, DateOnly Date), List<string>> _deviceDays = [];
        // Keyed by the two numbers, and an array per key (almost always of one): a string key and a list per punch
        // made the window several times larger.
        private readonly Dictionary<FixKey, FixEntry[]> _fixes = [];

        public long Version { get; set; } = version;

        public DateOnly FirstWorkDate { get; private set; } = firstWorkDate;

        public DateTimeOffset Since { get; private set; } = since;

        /// <summary>Punches held: added since the load, less those the last pruning let go.</summary>
        public int Count { get; private set; }

        /// <summary>The UTC date of the last pruning (or of the load): a new day prunes at the next commit.</summary>
        public DateOnly PrunedOn { get; private set; } = DateOnly.FromDateTime(since.UtcDateTime + PunchHistoryRepository.DeviceMemory);

        public void Add(long id, string userId, PriorPunch punch, string? deviceId, string? fixKey)
        {
            var recent = punch.WorkDate >= FirstWorkDate;
            var inHorizon = punch.Time >= Since;
            if (!recent && !inHorizon)
            {
                return;
            }

            Count++;

            if (!_users.TryGetValue(userId, out var user))
            {
                _users[userId] = user = new UserHistory(userId);
            }
            else if (!ReferenceEquals(user.UserId, punch.UserId))
            {
                // One string per employee, not one per punch read from the database.
                punch = punch with { UserId = user.UserId };
            }

            if (recent)
            {
                user.Recent.Add(punch);
                if (deviceId is not null)
                {
                    var day = (deviceId, punch.WorkDate);
                    if (!_deviceDays.TryGetValue(day, out var users))
                    {
                        _deviceDays[day] = users = [];
                    }

                    if (!users.Contains(userId, StringComparer.Ordinal))
                    {
                        users.Add(user.UserId);
                    }
                }
            }

            if (!inHorizon)
            {
                return;
            }

            if (deviceId is not null && (!user.Devices.TryGetValue(deviceId, out var last) || last < punch.Time))
            {
                user.Devices[deviceId] = punch.Time;
            }

            if (punch.Gcj02 is not null && (user.LastLocated is null || user.LastLocated.Time < punch.Time))
            {
                user.LastLocated = punch;
            }

            if (ParseFixKey(fixKey) is { } key)
            {
                var entry = new FixEntry(id, punch);
                _fixes[key] = _fixes.TryGetValue(key, out var entries)
                    ? [.. entries.Skip(entries.Length >= KeptPerFix ? 1 : 0), entry]
                    : [entry];
            }
        }

        /// <summary>The same answer as <see cref="PunchHistoryRepository"/>'s SQL, statement by statement.</summary>
        public PunchHistory Read(string userId, DateOnly workDate, DateTimeOffset since, string? deviceId, FixKey? fixKey)
        {
            List<PriorPunch> today = [];
            PriorPunch? previous = null;
            var devices = new HashSet<string>(StringComparer.Ordinal);
            if (_users.TryGetValue(userId, out var user))
            {
                foreach (var p in user.Recent)
                {
                    if (p.WorkDate == workDate)
                    {
                        today.Add(p);
                    }
                }

                previous = user.LastLocated is { } l && l.Time >= since ? l : null;
                foreach (var (device, last) in user.Devices)
                {
                    if (last >= since)
                    {
                        devices.Add(device);
                    }
                }
            }

            var others = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (deviceId is not null && _deviceDays.TryGetValue((deviceId, workDate), out var onDevice))
            {
                foreach (var other in onDevice)
                {
                    if (!string.Equals(other, userId, StringComparison.Ordinal))
                    {
                        others.Add(other);
                    }
                }
            }

            List<PriorPunch> sameFix = [];
            if (fixKey is { } key && _fixes.TryGetValue(key, out var entries))
            {
                for (var i = entries.Length - 1; i >= 0 && sameFix.Count < PunchHistoryRepository.MaxSameFix; i--)
                {
                    if (entries[i].Punch.Time >= since)
                    {
                        sameFix.Add(entries[i].Punch);
                    }
                }
            }

            return new PunchHistory(today, previous, devices, others, sameFix);
        }

        /// <summary>Forgets what no punch from now on can ask about, so memory follows the horizon, not the uptime.</summary>
        public void Prune(DateTimeOffset now)
        {
            PrunedOn = DateOnly.FromDateTime(now.UtcDateTime);
            var since = now - PunchHistoryRepository.DeviceMemory;
            var firstWorkDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
            if (since > Since)
            {
                Since = since;
            }

            if (firstWorkDate > FirstWorkDate)
            {
                FirstWorkDate = firstWorkDate;
            }

            foreach (var (userId, user) in _users.ToList())
            {
                user.Recent.RemoveAll(p => p.WorkDate < FirstWorkDate);
                foreach (var (device, last) in user.Devices.ToList())
                {
                    if (last < Since)
                    {
                        user.Devices.Remove(device);
                    }
                }

                if (user.LastLocated is { } l && l.Time < Since)
                {
                    user.LastLocated = null;
                }

                if (user.Recent.Count == 0 && user.Devices.Count == 0 && user.LastLocated is null)
                {
                    _users.Remove(userId);
                }
            }

            foreach (var key in _deviceDays.Keys.Where(k => k.Date < FirstWorkDate).ToList())
            {
                _deviceDays.Remove(key);
            }

            foreach (var (key, entries) in _fixes.ToList())
            {
                if (entries.Any(e => e.Punch.Time < Since))
                {
                    var kept = entries.Where(e => e.Punch.Time >= Since).ToArray();
                    if (kept.Length == 0)
                    {
                        _fixes.Remove(key);
                    }
                    else
                    {
                        _fixes[key] = kept;
                    }
                }
            }

            Count = _users.Values.Sum(u => u.Recent.Count) + _fixes.Values.Sum(e => e.Length);
        }
    }
}
