
namespace Attendance.Rules.Tests.Geo;

/// <summary>Real places and small helpers to build sites around them.</summary>
internal static class GeoFixtures
{
    // WGS-84 (GPS) coordinates of well-known city centres.
    public static readonly GeoPoint TiananmenWgs = new(39.908722, 116.397499);
    public static readonly GeoPoint PeoplesSquareWgs = new(31.230416, 121.473701);
    public static readonly GeoPoint ShenzhenCivicCenterWgs = new(22.543096, 114.057865);

    // Tencent Building, Shenzhen Nanshan, as Tencent Maps shows it (GCJ-02).
    public static readonly GeoPoint TencentBuildingGcj = new(22.540503, 113.934528);

    /// <summary>The point <paramref name="east"/> and <paramref name="north"/> metres from <paramref name="origin"/>.</summary>
    public static GeoPoint Offset(GeoPoint origin, double east, double north) => new LocalProjection(origin).ToGeo(east, north);

    public static Site Circle(string id, GeoPoint gcj, double radius, OutOfRangePolicy policy = OutOfRangePolicy.Exception,
        IReadOnlyList<long>? departments = null, IReadOnlyList<WifiAccessPoint>? wifi = null,
        bool requirePhoto = false, bool requireFace = false, string? name = null) =>
        new(id, name ?? id, CoordinateSystem.Gcj02, new CircleFence(gcj, radius), null, wifi ?? [], departments ?? [],
            policy, requirePhoto, requireFace);

    /// <summary>A polygon given as (east, north) metre offsets from <paramref name="origin"/>.</summary>
    public static Site Polygon(string id, GeoPoint origin, params (double East, double North)[] corners) =>
        new(id, id, CoordinateSystem.Gcj02, null, [.. corners.Select(c => Offset(origin, c.East, c.North))], [], [],
            OutOfRangePolicy.Exception, false, false);
}
