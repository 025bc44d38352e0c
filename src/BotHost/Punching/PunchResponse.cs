using Attendance.Data.Punches;
using Attendance.Rules.Geo;
using Attendance.Rules.Punching;

namespace Attendance.BotHost.Punching;

public sealed record PunchFindingView(string Code, string Severity, string Message);

public sealed record PunchSiteView(string Id, string Name, int? DistanceMeters);

/// <summary>
/// The answer to a punch, built from the stored row only, so a replay gets the very same body. Times are in the
/// company time zone with their offset. <see cref="CaptureTime"/> is the time that counts: the server's receipt for a
/// live punch, the original time of an imported one.
/// </summary>
public sealed record PunchResponse(
    long PunchId,
    string ClientPunchId,
    string UserId,
    DateTimeOffset ServerTime,
    DateTimeOffset? DeviceTime,
    DateOnly WorkDate,
    string Kind,
    string Verdict,
    string? Decision,
    int RiskScore,
    IReadOnlyList<PunchFindingView> Findings,
    PunchSiteView? Site,
    bool IsField,
    bool IsLocationException,
    bool HasPhoto,
    string Message,
    DateTimeOffset CaptureTime,
    Reviews.PunchReviewView? Review = null)
{
    public static PunchResponse From(StoredPunch p, TimeZoneInfo zone, SiteIndex sites, Reviews.PunchReviewView? review = null) => new(
        p.Id,
        p.ClientPunchId,
        p.UserId,
        TimeZoneInfo.ConvertTime(p.ServerTime, zone),
        p.DeviceTime is { } d ? TimeZoneInfo.ConvertTime(d, zone) : null,
        p.WorkDate,
        p.Kind.ToWire(),
        p.Verdict.ToWire(),
        p.Decision,
        p.RiskScore,
        [.. p.Findings.Select(f => new PunchFindingView(f.Code, f.Severity.ToWire(), f.Message))],
        p.SiteId is { } id ? new PunchSiteView(id, sites.Find(id)?.Site.Name ?? id, p.DistanceMeters) : null,
        p.IsField,
        p.IsLocationException,
        p.PhotoPath is not null,
        p.Message,
        TimeZoneInfo.ConvertTime(p.CaptureTime, zone),
        review);
}
