namespace Attendance.BotHost.Punching;

/// <summary>The body of <c>POST /api/punches</c> (or its <c>punch</c> part), as sent; <see cref="PunchValidator"/> checks it.</summary>
public sealed record PunchRequest(
    string? ClientPunchId,
    string? DeviceTime,
    string? Kind,
    PunchRequestLocation? Location,
    PunchRequestWifi? Wifi,
    string? DeviceId,
    string? Note);

public sealed record PunchRequestLocation(double? Latitude, double? Longitude, double? Accuracy, string? CoordinateSystem);

public sealed record PunchRequestWifi(string? Ssid, string? Bssid);
