namespace Attendance.Rules.Geo;

/// <summary>
/// The public WGS-84 → GCJ-02 transform (the widely published reverse-engineered form, accurate to about a metre),
/// and its iterative inverse. Outside mainland China GCJ-02 equals WGS-84.
/// </summary>
public static class ChinaDatum
{
    private const double A = 6378245.0;
    private const double Ee = 0.00669342162296594323;

    public static GeoPoint ToGcj02(GeoPoint point, CoordinateSystem from) =>
        from == CoordinateSystem.Gcj02 ? point : Wgs84ToGcj02(point);

    public static GeoPoint Wgs84ToGcj02(GeoPoint wgs)
    {
        if (IsOutsideChina(wgs))
        {
            return wgs;
        }

        var (dLat, dLng) = Delta(wgs);
        return new GeoPoint(wgs.Latitude + dLat, wgs.Longitude + dLng);
    }

    /// <summary>Inverse by fixed-point iteration; converges to well under a centimetre in a few steps.</summary>
    public static GeoPoint Gcj02ToWgs84(GeoPoint gcj)
    {
        if (IsOutsideChina(gcj))
        {
            return gcj;
        }

        var guess = gcj;
        for (var i = 0; i < 10; i++)
        {
            var forward = Wgs84ToGcj02(guess);
            var errLat = forward.Latitude - gcj.Latitude;
            var errLng = forward.Longitude - gcj.Longitude;
            guess = new GeoPoint(guess.Latitude - errLat, guess.Longitude - errLng);
            if (Math.Abs(errLat) < 1e-9 && Math.Abs(errLng) < 1e-9)
            {
                break;
            }
        }

        return guess;
    }

    /// <summary>
    /// Where the transform is applied: the widely published outline of mainland China as six rectangles minus six
    /// (Taiwan and the neighbouring parts of Vietnam, Mongolia and Russia). The single bounding rectangle used
    /// before also covered Singapore, Kuala Lumpur and Seoul and shifted their GPS fixes by hundreds of metres.
    /// </summary>
    public static bool IsOutsideChina(GeoPoint p)
    {
        foreach (var r in MainlandRegions)
        {
            if (r.Contains(p))
            {
                foreach (var x in Excluded)
                {
                    if (x.Contains(p))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return true;
    }

    // North-east and south-west corners (latitude, longitude), as the outline is usually published.
    private static readonly GeoBox[] MainlandRegions =
    [
        Corners(49.220400, 79.446200, 42.889900, 96.330000),
        Corners(54.141500, 109.687200, 39.374200, 135.000200),
        Corners(42.889900, 73.124600, 29.529700, 124.143255),
        Corners(29.529700, 82.968400, 26.718600, 97.035200),
        Corners(29.529700, 97.025300, 20.414096, 124.367395),
        Corners(20.414096, 107.975793, 17.871542, 111.744104),
    ];

    private static readonly GeoBox[] Excluded =
    [
        Corners(25.398623, 119.921265, 21.785006, 122.497559),
        Corners(22.284000, 101.865200, 20.098800, 106.665000),
        Corners(21.542200, 106.452500, 20.487800, 108.051000),
        Corners(55.817500, 109.032300, 50.325700, 119.127000),
        Corners(55.817500, 127.456800, 49.557400, 137.022700),
        Corners(44.892200, 131.266200, 42.569200, 137.022700),
    ];

    private static GeoBox Corners(double lat1, double lng1, double lat2, double lng2) =>
        new(Math.Min(lat1, lat2), Math.Min(lng1, lng2), Math.Max(lat1, lat2), Math.Max(lng1, lng2));

    private static (double DLat, double DLng) Delta(GeoPoint p)
    {
        var x = p.Longitude - 105.0;
        var y = p.Latitude - 35.0;
        var dLat = TransformLat(x, y);
        var dLng = TransformLng(x, y);
        var radLat = p.Latitude / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - (Ee * magic * magic);
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLng = dLng * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLat, dLng);
    }

    private static double TransformLat(double x, double y)
    {
        var ret = -100.0 + (2.0 * x) + (3.0 * y) + (0.2 * y * y) + (0.1 * x * y) + (0.2 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(y * Math.PI)) + (40.0 * Math.Sin(y / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((160.0 * Math.Sin(y / 12.0 * Math.PI)) + (320 * Math.Sin(y * Math.PI / 30.0))) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLng(double x, double y)
    {
        var ret = 300.0 + x + (2.0 * y) + (0.1 * x * x) + (0.1 * x * y) + (0.1 * Math.Sqrt(Math.Abs(x)));
        ret += ((20.0 * Math.Sin(6.0 * x * Math.PI)) + (20.0 * Math.Sin(2.0 * x * Math.PI))) * 2.0 / 3.0;
        ret += ((20.0 * Math.Sin(x * Math.PI)) + (40.0 * Math.Sin(x / 3.0 * Math.PI))) * 2.0 / 3.0;
        ret += ((150.0 * Math.Sin(x / 12.0 * Math.PI)) + (300.0 * Math.Sin(x / 30.0 * Math.PI))) * 2.0 / 3.0;
        return ret;
    }
}
