using Attendance.Rules.Punching;

namespace Attendance.Data.Punches;

/// <summary>
/// The one list of a punch's columns: the writers insert them, the reads select them, the SQLite window loads the
/// history subset, and the storm bench's insert floor binds them. A new punch column is added here (and in the
/// migrations), nowhere else in C#.
/// </summary>
public static class PunchColumns
{
    private static readonly string[] InsertColumns =
    [
        "user_id", "client_punch_id", "source", "kind", "server_time", "device_time", "capture_time", "work_date", "verdict",
        "risk_score", "message", "latitude", "longitude", "accuracy_meters", "coordinate_system", "fix_key", "wifi_ssid",
        "wifi_bssid", "device_id", "site_id", "distance_meters", "is_field", "is_location_exception", "note", "photo_path",
        "photo_key_id", "payload_hash",
    ];

    /// <summary>The columns a punch is inserted with, in the order of <see cref="Values"/>.</summary>
    public static IReadOnlyList<string> Insert => InsertColumns;

    /// <summary>What a read selects: the id and the review decision, then <see cref="Insert"/>.</summary>
    internal static readonly string Select = "id, decision, " + string.Join(", ", InsertColumns);

    /// <summary>What the anti-cheat history reads of a prior punch (<see cref="PunchHistoryRepository.PriorRow"/>).</summary>
    internal const string Prior = "user_id, capture_time, work_date, latitude, longitude, accuracy_meters, coordinate_system";

    /// <summary>What the SQLite window loads of each punch: the id, <see cref="Prior"/>, and the keys it indexes by.</summary>
    internal const string Window = "id, " + Prior + ", device_id, fix_key";

    internal static string[] InsertArray => InsertColumns;

    /// <summary>The values of <see cref="Insert"/>, in order.</summary>
    public static object?[] Values(StoredPunch p) =>
    [
        p.UserId, p.ClientPunchId, p.Source, p.Kind.ToWire(), p.ServerTime, p.DeviceTime, p.CaptureTime, p.WorkDate, p.Verdict.ToWire(),
        p.RiskScore, p.Message, p.Latitude, p.Longitude, p.AccuracyMeters, p.CoordinateSystem, p.FixKey, p.WifiSsid,
        p.WifiBssid, p.DeviceId, p.SiteId, p.DistanceMeters, p.IsField, p.IsLocationException, p.Note, p.PhotoPath,
        p.PhotoKeyId, p.PayloadHash,
    ];
}
