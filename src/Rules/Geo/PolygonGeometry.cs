namespace Attendance.Rules.Geo;

/// <summary>Planar checks on small polygons (a site is at most a few km across, so lat/lng is locally planar).</summary>
public static class PolygonGeometry
{
    /// <summary>True when two non-adjacent edges cross or touch, or two vertices coincide.</summary>
    public static bool IsSelfIntersecting(IReadOnlyList<GeoPoint> ring)
    {
        var n = ring.Count;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (ring[i] == ring[j])
                {
                    return true;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var a1 = ring[i];
            var a2 = ring[(i + 1) % n];
            for (var j = i + 1; j < n; j++)
            {
                var adjacent = j == i + 1 || (i == 0 && j == n - 1);
                if (adjacent)
                {
                    continue;
                }

                if (SegmentsIntersect(a1, a2, ring[j], ring[(j + 1) % n]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Twice the signed area in degree units; zero means the ring is degenerate (all points on a line).</summary>
    public static double SignedDoubleArea(IReadOnlyList<GeoPoint> ring)
    {
        double sum = 0;
        for (var i = 0; i < ring.Count; i++)
        {
            var p = ring[i];
            var q = ring[(i + 1) % ring.Count];
            sum += (p.Longitude * q.Latitude) - (q.Longitude * p.Latitude);
        }

        return sum;
    }

    private static bool SegmentsIntersect(GeoPoint p1, GeoPoint p2, GeoPoint q1, GeoPoint q2)
    {
        var d1 = Cross(q1, q2, p1);
        var d2 = Cross(q1, q2, p2);
        var d3 = Cross(p1, p2, q1);
        var d4 = Cross(p1, p2, q2);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        {
            return true;
        }

        return (d1 == 0 && OnSegment(q1, q2, p1)) || (d2 == 0 && OnSegment(q1, q2, p2))
            || (d3 == 0 && OnSegment(p1, p2, q1)) || (d4 == 0 && OnSegment(p1, p2, q2));
    }

    private static double Cross(GeoPoint a, GeoPoint b, GeoPoint c) =>
        ((b.Longitude - a.Longitude) * (c.Latitude - a.Latitude)) - ((b.Latitude - a.Latitude) * (c.Longitude - a.Longitude));

    private static bool OnSegment(GeoPoint a, GeoPoint b, GeoPoint p) =>
        Math.Min(a.Longitude, b.Longitude) <= p.Longitude && p.Longitude <= Math.Max(a.Longitude, b.Longitude)
        && Math.Min(a.Latitude, b.Latitude) <= p.Latitude && p.Latitude <= Math.Max(a.Latitude, b.Latitude);
}
