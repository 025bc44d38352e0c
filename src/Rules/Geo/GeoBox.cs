namespace Attendance.Rules.Geo;

/// <summary>A latitude/longitude rectangle in degrees (fences never straddle the antimeridian in practice).</summary>
public readonly record struct GeoBox(double MinLatitude, double MinLongitude, double MaxLatitude, double MaxLongitude)
{
    /// <summary>
    /// Clamping to the box and measuring along the sphere slightly overestimates the true distance to the box far
    /// away (the nearest point of a meridian lies a little poleward); the factor keeps this a safe lower bound for
    /// pruning up to thousands of kilometres.
    /// </summary>
    private const double LowerBoundFactor = 0.95;

    public static GeoBox Empty { get; } = new(double.PositiveInfinity, double.PositiveInfinity, double.NegativeInfinity, double.NegativeInfinity);

    public GeoPoint Center => new((MinLatitude + MaxLatitude) / 2, (MinLongitude + MaxLongitude) / 2);

    public bool Contains(GeoPoint p) =>
        p.Latitude >= MinLatitude && p.Latitude <= MaxLatitude && p.Longitude >= MinLongitude && p.Longitude <= MaxLongitude;

    public GeoBox Union(GeoBox other) => new(
        Math.Min(MinLatitude, other.MinLatitude), Math.Min(MinLongitude, other.MinLongitude),
        Math.Max(MaxLatitude, other.MaxLatitude), Math.Max(MaxLongitude, other.MaxLongitude));

    public GeoBox Include(GeoPoint p) => Union(new GeoBox(p.Latitude, p.Longitude, p.Latitude, p.Longitude));

    /// <summary>A box that certainly holds a circle, padded so rounding never cuts off its rim.</summary>
    public static GeoBox AroundCircle(GeoPoint center, double radiusMeters)
    {
        var padded = (radiusMeters * 1.001) + 1;
        var dLat = padded / LocalProjection.MetersPerDegree;
        var farthestLatitude = Math.Min(89.9, Math.Abs(center.Latitude) + dLat);
        var dLng = padded / (LocalProjection.MetersPerDegree * Math.Cos(Haversine.ToRadians(farthestLatitude)));
        return new GeoBox(center.Latitude - dLat, center.Longitude - dLng, center.Latitude + dLat, center.Longitude + dLng);
    }

    /// <summary>Never more than the distance from <paramref name="p"/> to any point of the box.</summary>
    public double LowerBoundMeters(GeoPoint p)
    {
        if (Contains(p))
        {
            return 0;
        }

        var clamped = new GeoPoint(
            Math.Clamp(p.Latitude, MinLatitude, MaxLatitude),
            Math.Clamp(p.Longitude, MinLongitude, MaxLongitude));
        return Haversine.DistanceMeters(p, clamped) * LowerBoundFactor;
    }
}
