using Attendance.Rules.Punching;

namespace Attendance.Data.Punches;

/// <summary>Where a punch came from: the live app, or an import of a kiosk, WeCom's own 打卡 data or HR.</summary>
public static class PunchSources
{
    public const string App = "app";
    public const string Kiosk = "kiosk";
    public const string WeCom = "wecom";
    public const string Manual = "manual";

    public static bool IsImport(string source) => source is Kiosk or WeCom or Manual;
}

/// <summary>A reviewer's decision on a punch in review.</summary>
public static class PunchDecisions
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>
/// A punch as stored. <see cref="CaptureTime"/> is the time that counts (server receipt for live punches, the
/// original time for imports); <see cref="PayloadHash"/> tells a replay from a different punch under the same id.
/// </summary>
public sealed record StoredPunch(
    long Id,
    string UserId,
    string ClientPunchId,
    string Source,
    PunchKind Kind,
    DateTimeOffset ServerTime,
    DateTimeOffset? DeviceTime,
    DateTimeOffset CaptureTime,
    DateOnly WorkDate,
    PunchVerdict Verdict,
    string? Decision,
    int RiskScore,
    string Message,
    double? Latitude,
    double? Longitude,
    double? AccuracyMeters,
    string? CoordinateSystem,
    string? FixKey,
    string? WifiSsid,
    string? WifiBssid,
    string? DeviceId,
    string? SiteId,
    int? DistanceMeters,
    bool IsField,
    bool IsLocationException,
    string? Note,
    string? PhotoPath,
    string? PhotoKeyId,
    string PayloadHash,
    IReadOnlyList<PunchFinding> Findings)
{
    /// <summary>Accepted, or sent to review and approved by a reviewer.</summary>
    public bool Counts => Decision == PunchDecisions.Approved || (Verdict == PunchVerdict.Accepted && Decision != PunchDecisions.Rejected);

    public bool AwaitsReview => Verdict == PunchVerdict.Review && Decision is null;
}

public enum PunchInsertOutcome
{
    Created,

    /// <summary>The same client id with the same payload: the stored punch is the answer.</summary>
    Replayed,

    /// <summary>The same client id with a different payload.</summary>
    Conflict,
}

public sealed record PunchInsertResult(PunchInsertOutcome Outcome, StoredPunch Punch);
