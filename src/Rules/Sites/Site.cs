using Attendance.Rules.Geo;

namespace Attendance.Rules.Sites;

/// <summary>What happens to a punch outside every fence of the employee's sites (WeCom's own three choices).</summary>
public enum OutOfRangePolicy
{
    /// <summary>Accept and mark 地点异常 (the default).</summary>
    Exception,

    /// <summary>Accept as 外勤 (field work).</summary>
    Field,

    /// <summary>Reject.</summary>
    Forbid,
}

public sealed record CircleFence(GeoPoint Center, double RadiusMeters);

public sealed record WifiAccessPoint(string? Ssid, string Bssid);

/// <summary>
/// A place where people punch. The fence is always stored in GCJ-02; <see cref="InputCoordinateSystem"/> records the
/// datum the administrator entered it in, so the admin API can echo what it was given.
/// </summary>
public sealed record Site(
    string Id,
    string Name,
    CoordinateSystem InputCoordinateSystem,
    CircleFence? Circle,
    IReadOnlyList<GeoPoint>? Polygon,
    IReadOnlyList<WifiAccessPoint> Wifi,
    IReadOnlyList<long> DepartmentIds,
    OutOfRangePolicy OutOfRange,
    bool RequirePhoto,
    bool RequireFace)
{
    /// <summary>True when the site applies to employees of any department.</summary>
    public bool IsForEveryone => DepartmentIds.Count == 0;
}
