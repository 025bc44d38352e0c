using Attendance.Rules.Geo;

namespace Attendance.Rules.Punching;

/// <summary>What the employee asked for; <see cref="Auto"/> lets the day evaluation decide in or out.</summary>
public enum PunchKind
{
    Auto,
    In,
    Out,
}

/// <summary>A location fix as the client reported it, in the datum it says it used.</summary>
public sealed record PunchLocation(double Latitude, double Longitude, double AccuracyMeters, CoordinateSystem CoordinateSystem)
{
    public GeoPoint Point => new(Latitude, Longitude);

    /// <summary>Usable for measuring: real coordinates and a finite, non-negative accuracy.</summary>
    public bool IsUsable => Point.IsValid && double.IsFinite(AccuracyMeters) && AccuracyMeters >= 0;

    public GeoPoint ToGcj02() => ChinaDatum.ToGcj02(Point, CoordinateSystem);
}

/// <summary>The Wi-Fi network the phone was connected to.</summary>
public sealed record PunchWifi(string? Ssid, string? Bssid);

/// <summary>
/// One punch to score. <see cref="ServerTime"/> (UTC, when the server received it) is authoritative;
/// <see cref="DeviceTime"/> is only compared for drift. <see cref="InsideWindow"/> is computed by the caller from
/// the employee's shift: null when there is no shift or it is not known. <see cref="LocationWithheld"/> says the
/// employee has not consented to location processing: the caller then passes no location, and the place can only be
/// shown by Wi-Fi.
/// </summary>
public sealed record PunchAttempt(
    string UserId,
    DateTimeOffset ServerTime,
    DateTimeOffset? DeviceTime,
    PunchKind Kind,
    PunchLocation? Location,
    PunchWifi? Wifi,
    string? DeviceId,
    bool HasPhoto,
    FaceResult? Face,
    bool? InsideWindow)
{
    public bool LocationWithheld { get; init; }
}
