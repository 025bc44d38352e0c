using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
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
/// (work_date+user, user+capture_time, device+work_date, fix_key), sent as one batch.
/// </summary>
public sealed class PunchHistoryRepository(ConnectionFactory factory)
{
    /// <summary>Devices are "known" when used in this many recent days; older history does not make a phone familiar.</summary>
    public static readonly TimeSpan DeviceMemory = TimeSpan.FromDays(90);

    private const int MaxSameFix = 20;
    private const string PriorColumns = "user_id, capture_time, work_date, latitude, longitude, accuracy_meters, coordinate_system";

    public static string FixKeyText(FixKey key) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key.LatitudeE6}:{key.LongitudeE6}");

    public async Task<PunchHistory> LoadAsync(string userId, DateOnly workDate, DateTimeOffset now, string? deviceId, FixKey? fixKey,
        CancellationToken cancellationToken = default)
    {
        var page = factory.Dialect.Page("one", "zero");
        var sameFixPage = factory.Dialect.Page("maxSameFix", "zero");
        // Without statistics SQLite prefers the work-date index here, which scans the whole day's punches during the
        // morning storm; the device index finds the few rows of one phone.
        var byDevice = factory.Provider == DatabaseProvider.Sqlite ? "punches INDEXED BY ix_punches_device" : "punches";
        var sql = $"""
            SELECT {PriorColumns} FROM punches WHERE user_id = @userId AND work_date = @workDate;
            SELECT {PriorColumns} FROM punches WHERE user_id = @userId AND latitude IS NOT NULL ORDER BY capture_time DESC{page};
            SELECT DISTINCT device_id FROM punches WHERE user_id = @userId AND capture_time >= @since AND device_id IS NOT NULL;
            SELECT DISTINCT user_id FROM {byDevice} WHERE device_id = @deviceId AND work_date = @workDate AND user_id <> @userId;
            SELECT {PriorColumns} FROM punches WHERE fix_key = @fixKey ORDER BY id DESC{sameFixPage};
            """;
        var parameters = new
        {
            userId,
            workDate,
            since = now - DeviceMemory,
            deviceId,
            fixKey = fixKey is { } k ? FixKeyText(k) : null,
            one = 1,
            zero = 0,
            maxSameFix = MaxSameFix,
        };
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var today = (await grid.ReadAsync<PriorRow>()).Select(r => r.ToPrior()).ToList();
        var previous = (await grid.ReadAsync<PriorRow>()).Select(r => r.ToPrior()).FirstOrDefault();
        var devices = (await grid.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var others = (await grid.ReadAsync<string>()).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sameFix = (await grid.ReadAsync<PriorRow>()).Select(r => r.ToPrior()).ToList();
        return new PunchHistory(today, previous, devices, others, sameFix);
    }

    private sealed class PriorRow
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
