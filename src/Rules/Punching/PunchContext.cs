using Attendance.Rules.Geo;

namespace Attendance.Rules.Punching;

/// <summary>An earlier punch as the scorer needs it: who, when, on which work day and where (GCJ-02).</summary>
public sealed record PriorPunch(string UserId, DateTimeOffset Time, DateOnly WorkDate, GeoPoint? Gcj02, double? AccuracyMeters);

/// <summary>Thresholds of the anti-cheat checks. <see cref="Default"/> holds the documented defaults.</summary>
public sealed record PunchSettings
{
    public static PunchSettings Default { get; } = new();

    /// <summary>Faster than this between two punches is not travel (a high-speed train is ~350 km/h; the default
    /// trusts trains less than planes would need).</summary>
    public double ImpossibleTravelKmh { get; init; } = 300;

    /// <summary>Jumps shorter than this, after subtracting both accuracies, are positioning noise, not travel, so a
    /// pair of punches a few seconds apart never produces an absurd speed from a few metres.</summary>
    public double ImpossibleTravelMinMeters { get; init; } = 1_000;

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Everything the scorer may look at besides the punch itself; the caller loads it (one cached lookup per punch).
/// <see cref="SameCoordinatePunches"/> are earlier punches whose GCJ-02 fix has the same
/// <see cref="FixKey"/> as this one; the caller finds them by that key, and the scorer keeps those of another user
/// or another work day.
/// </summary>
public sealed record PunchContext(
    SiteIndex Sites,
    IReadOnlyList<long> DepartmentIds,
    DateOnly WorkDate,
    IReadOnlyList<PriorPunch> TodayPunches,
    PriorPunch? PreviousPunch,
    IReadOnlyCollection<string> KnownDeviceIds,
    IReadOnlyCollection<string> OtherUsersOnDevice,
    IReadOnlyList<PriorPunch> SameCoordinatePunches,
    PunchSettings Settings)
{
    /// <summary>A context with no history: useful for imports and tests.</summary>
    public static PunchContext For(SiteIndex sites, IReadOnlyList<long> departmentIds, DateOnly workDate) =>
        new(sites, departmentIds, workDate, [], null, [], [], [], PunchSettings.Default);
}

/// <summary>The key under which repeated coordinates are recognised: GCJ-02 degrees × 10⁶, rounded.</summary>
public readonly record struct FixKey(long LatitudeE6, long LongitudeE6)
{
    public static FixKey Of(GeoPoint gcj02) =>
        new((long)Math.Round(gcj02.Latitude * 1e6), (long)Math.Round(gcj02.Longitude * 1e6));
}
