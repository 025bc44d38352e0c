namespace Attendance.Rules.Geo;

/// <summary>
/// An equirectangular projection in metres around an origin. A fence is at most a few kilometres across, where this
/// is within centimetres of the sphere, and it makes ray casting and edge distances plain planar arithmetic.
/// </summary>
public readonly struct LocalProjection
{
    public const double MetersPerDegree = Haversine.EarthRadiusMeters * Math.PI / 180;

    private readonly double _metersPerDegreeLng;

    public LocalProjection(GeoPoint origin)
    {
        Origin = origin;
        _metersPerDegreeLng = MetersPerDegree * Math.Cos(Haversine.ToRadians(origin.Latitude));
    }

    public GeoPoint Origin { get; }

    public double X(GeoPoint p) => (p.Longitude - Origin.Longitude) * _metersPerDegreeLng;

    public double Y(GeoPoint p) => (p.Latitude - Origin.Latitude) * MetersPerDegree;

    public GeoPoint ToGeo(double x, double y) =>
        new(Origin.Latitude + (y / MetersPerDegree), Origin.Longitude + (x / _metersPerDegreeLng));
}
