namespace Attendance.Rules.Geo;

/// <summary>A latitude/longitude pair in degrees. The datum is carried separately by whoever owns the point.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude)
        && Latitude is >= -90 and <= 90
        && Longitude is >= -180 and <= 180;
}

/// <summary>Which datum a coordinate is expressed in. Fences are stored in GCJ-02.</summary>
public enum CoordinateSystem
{
    /// <summary>China's obfuscated datum used by WeCom, Tencent and AMap maps.</summary>
    Gcj02,

    /// <summary>GPS; what wx.getLocation / ww.getLocation return unless asked for gcj02.</summary>
    Wgs84,
}
