using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
using System.Data.Common;
using Attendance.Data.Sqlite;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>What the anti-cheat rules need to know about earlier punches, read in one round trip.</summary>
public sealed record PunchHistory(
    IReadOnlyList<PriorPunch> Today,
    PriorPunch? Previous,
    IReadOnlyCollection<string> KnownDeviceIds,
    IReadOnlyCollection<string> OtherUsersOnDevice,
    IReadOnlyList<PriorPunch> SameFix);

/// <summary>
/// The punch path's context query: five small statements, each on an index of <c>punches</c>
/// (work_date+user, user+capture_time, device+work_date, fix_key), sent as one batch. On SQLite the answer usually
/// comes from <see cref="PunchWindow"/> instead, which holds the same rows in memory; the SQL is the fallback there.
/// </summary>
public sealed class PunchHistoryRepository : IDisposable
{
    private readonly ConnectionFactory factory;
    private readonly string _sql;
    private readonly PreparedSqliteReaders? _sqlite;
    private readonly PunchWindow? _window;

    public PunchHistoryRepository(ConnectionFactory factory, PunchWindow? window = null)
    {
        this.factory = factory;
        _window = window is { Enabled: true } ? window : null;
        var page = factory.Dialect.FirstRows(1);
        var sameFixPage = factory.Dialect.FirstRows(MaxSameFix);
        // The device read must go through the device index, which finds the few rows of one phone; the work-date index
        // would scan the whole day's punches, on every punch of the morning storm. Without statistics SQLite prefers the
        // work-date index, so it is told. PostgreSQL's statistics never hold today (ANALYZE runs after a tenth of the
        // table has changed, days apart on a large one), so "work_date = today" looks like one row there and the
        // work-date index won, too (the storm on PostgreSQL: 0.4-2 ms per read, growing with the day, against ~20 µs);
        // written as a range, the date is checked against the index's real bounds, and the device index wins.
        var byDevice = factory.Dialect.FromTableByIndex("punches", "ix_punches_device");
        _sql = $"""
            SELECT {PriorColumns} FROM punches WHERE user_id = @userId AND work_date = @workDate;
            SELECT {PriorColumns} FROM punches WHERE user_id = @userId AND latitude IS NOT NULL AND capture_time >= @since ORDER BY capture_time DESC{page};
            SELECT DISTINCT device_id FROM punches WHERE user_id = @userId AND capture_time >= @since AND device_id IS NOT NULL;
            SELECT DISTINCT user_id FROM {byDevice} WHERE device_id = @deviceId AND work_date >= @workDate AND work_date <= @workDate AND user_id <> @userId;
            SELECT {PriorColumns} FROM punches WHERE fix_key = @fixKey AND capture_time >= @since ORDER BY id DESC{sameFixPage};
            """;
        // Parsing these five statements cost as much as running them; SQLite keeps them prepared on a few connections.
        _sqlite = factory.Provider == DatabaseProvider.Sqlite ? new PreparedSqliteReaders(factory, _sql) : null;
    }

    /// <summary>
    /// How far back the history reaches: devices are "known" when used in this many recent days (older history does
    /// not make a phone familiar), and the previous fix and repeated fixes are looked for as far. An older previous
    /// punch cannot make travel impossible anyway: 20,000 km in 90 days is under 10 km/h.
    /// </summary>
    public static readonly TimeSpan DeviceMemory = TimeSpan.FromDays(90);

    internal const int MaxSameFix = 20;
    private const string PriorColumns = PunchColumns.Prior;

    public static string FixKeyText(FixKey key) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key.LatitudeE6}:{key.LongitudeE6}");

    public async Task<PunchHistory> LoadAsync(string userId, DateOnly workDate, DateTimeOffset now, string? deviceId, FixKey? fixKey,
        CancellationToken cancellationToken = default)
    {
        if (_window is not null && _window.TryRead(userId, workDate, now, deviceId, fixKey, out var remembered))
        {
            return remembered;
        }

        var parameters = new Dictionary<string, object?>
        {
            ["userId"] = userId,
            ["workDate"] = workDate,
            ["since"] = now - DeviceMemory,
            ["deviceId"] = deviceId,
            ["fixKey"] = fixKey is { } k ? FixKeyText(k) : null,
        };
        if (_sqlite is not null)
        {
            return await _sqlite.RunAsync(parameters, ReadAsync, cancellationToken);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(_sql, new DynamicParameters(parameters),
            cancellationToken: cancellationToken));
        return await ReadAsync(reader, cancellationToken);
    }

    public void Dispose() => _sqlite?.Dispose();

    private static async Task<PunchHistory> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var today = await ReadPriorsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var previous = (await ReadPriorsAsync(reader, cancellationToken)).FirstOrDefault();
        await reader.NextResultAsync(cancellationToken);
        var devices = await ReadStringsAsync(reader, StringComparer.Ordinal, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var others = await ReadStringsAsync(reader, StringComparer.OrdinalIgnoreCase, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var sameFix = await ReadPriorsAsync(reader, cancellationToken);
        return new PunchHistory(today, previous, devices, others, sameFix);
    }

    private static async Task<List<PriorPunch>> ReadPriorsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var list = new List<PriorPunch>();
        var parse = reader.GetRowParser<PriorRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(parse(reader).ToPrior());
        }

        return list;
    }

    private static async Task<HashSet<string>> ReadStringsAsync(DbDataReader reader, StringComparer comparer, CancellationToken cancellationToken)
    {
        var set = new HashSet<string>(comparer);
        while (await reader.ReadAsync(cancellationToken))
        {
            set.Add(reader.GetString(0));
        }

        return set;
    }

    internal class PriorRow
    {
        public string UserId { get; init; } = "";

        public DateTimeOffset CaptureTime { get; init; }

        public DateOnly WorkDate { get; init; }

        public double? Latitude { get; init; }

        public double? Longitude { get; init; }

        public double? AccuracyMeters { get; init; }

        public string? CoordinateSystem { get; init; }

        public PriorPunch ToPrior()
        {
            GeoPoint? gcj02 = Latitude is { } lat && Longitude is { } lon
                ? ChinaDatum.ToGcj02(new GeoPoint(lat, lon), CoordinateSystem == "wgs84" ? Rules.Geo.CoordinateSystem.Wgs84 : Rules.Geo.CoordinateSystem.Gcj02)
                : null;
            return new PriorPunch(UserId, CaptureTime, WorkDate, gcj02, AccuracyMeters);
        }
    }
}
