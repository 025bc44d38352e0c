using Attendance.Rules.Punching;

namespace Attendance.Data.Punches;

internal sealed class PunchRow
{
    public long Id { get; init; }

    public string? Decision { get; init; }

    public string UserId { get; init; } = "";

    public string ClientPunchId { get; init; } = "";

    public string Source { get; init; } = "";

    public string Kind { get; init; } = "auto";

    public DateTimeOffset ServerTime { get; init; }

    public DateTimeOffset? DeviceTime { get; init; }

    public DateTimeOffset CaptureTime { get; init; }

    public DateOnly WorkDate { get; init; }

    public string Verdict { get; init; } = "";

    public int RiskScore { get; init; }

    public string Message { get; init; } = "";

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    public double? AccuracyMeters { get; init; }

    public string? CoordinateSystem { get; init; }

    public string? FixKey { get; init; }

    public string? WifiSsid { get; init; }

    public string? WifiBssid { get; init; }

    public string? DeviceId { get; init; }

    public string? SiteId { get; init; }

    public int? DistanceMeters { get; init; }

    public bool IsField { get; init; }

    public bool IsLocationException { get; init; }

    public string? Note { get; init; }

    public string? PhotoPath { get; init; }

    public string? PhotoKeyId { get; init; }

    public string PayloadHash { get; init; } = "";

    public StoredPunch ToPunch(IReadOnlyList<PunchFinding> findings) => new(
        Id, UserId, ClientPunchId, Source,
        Kind switch { "in" => PunchKind.In, "out" => PunchKind.Out, _ => PunchKind.Auto },
        ServerTime, DeviceTime, CaptureTime, WorkDate,
        Verdict switch { "accepted" => PunchVerdict.Accepted, "review" => PunchVerdict.Review, _ => PunchVerdict.Rejected },
        Decision, RiskScore, Message, Latitude, Longitude, AccuracyMeters, CoordinateSystem, FixKey, WifiSsid, WifiBssid,
        DeviceId, SiteId, DistanceMeters, IsField, IsLocationException, Note, PhotoPath, PhotoKeyId, PayloadHash, findings);
}

internal sealed class FindingRow
{
    public long PunchId { get; init; }

    public string Code { get; init; } = "";

    public string Severity { get; init; } = "";

    public string Message { get; init; } = "";

    public PunchFinding ToFinding() => new(Code,
        Severity switch { "info" => FindingSeverity.Info, "warning" => FindingSeverity.Warning, _ => FindingSeverity.Critical }, Message);
}
