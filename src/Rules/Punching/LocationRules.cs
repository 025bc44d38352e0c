using Attendance.Rules.Geo;
using Attendance.Rules.Sites;

namespace Attendance.Rules.Punching;

/// <summary>What the location and Wi-Fi checks concluded, and which site the punch belongs to.</summary>
internal readonly record struct PlaceAssessment(
    LocationState Location,
    bool WifiMatched,
    Site? Site,
    FenceMeasurement? Measurement,
    GeoPoint? Gcj02);

/// <summary>Geofence and Wi-Fi: the punch is measured in GCJ-02 against the sites that apply to the employee.</summary>
internal static class LocationRules
{
    public static PlaceAssessment Assess(PunchAttempt attempt, PunchContext context, List<PunchFinding> findings)
    {
        var location = attempt.Location is { IsUsable: true } usable && !attempt.LocationWithheld ? usable : null;
        var gcj = location?.ToGcj02();
        var departments = context.DepartmentIds;
        if (!context.Sites.HasSitesFor(departments))
        {
            return new PlaceAssessment(LocationState.NotApplicable, false, null, null, gcj);
        }

        var wifiFence = context.Sites.MatchBssid(attempt.Wifi?.Bssid, departments);
        var wifi = wifiFence is not null;
        PlaceAssessment place;
        if (attempt.LocationWithheld || location is null || gcj is not { } point)
        {
            findings.Add(attempt.LocationWithheld
                ? new PunchFinding(FindingCodes.LocationNoConsent, wifi ? FindingSeverity.Info : FindingSeverity.Critical, FindingMessages.LocationNoConsent)
                : new PunchFinding(FindingCodes.LocationMissing, wifi ? FindingSeverity.Info : FindingSeverity.Critical,
                    attempt.Location is null ? FindingMessages.LocationMissing : FindingMessages.LocationUnusable));
            place = new PlaceAssessment(LocationState.Missing, wifi, wifiFence?.Site, null, null);
        }
        else
        {
            var accuracy = location.AccuracyMeters;
            var best = context.Sites.Locate(point, accuracy, departments)!.Value;

            // Wi-Fi names the site unless the fix is inside another fence: the punch belongs where the phone is
            // connected, and its distance is reported to that site.
            var match = best.Status == FenceStatus.Inside || wifiFence is null
                ? best
                : new SiteMatch(wifiFence, wifiFence.Measure(point, accuracy));
            place = new PlaceAssessment(ToState(match.Status), wifi, match.Site, match.Measurement, point);
            findings.Add(LocationFinding(match, accuracy, wifi));
        }

        if (wifiFence is not null)
        {
            findings.Add(new PunchFinding(FindingCodes.WifiMatch, FindingSeverity.Info, FindingMessages.WifiMatch(wifiFence.Site.Name)));
        }
        else if (IsRealBssid(attempt.Wifi?.Bssid) && context.Sites.HasWifiFor(departments))
        {
            findings.Add(new PunchFinding(FindingCodes.WifiMismatch, FindingSeverity.Info, FindingMessages.WifiMismatch));
        }

        return place;
    }

    private static PunchFinding LocationFinding(SiteMatch match, double accuracy, bool wifi)
    {
        var name = match.Site.Name;
        var distance = match.Measurement.DistanceMeters;
        return match.Status switch
        {
            FenceStatus.Inside => new PunchFinding(FindingCodes.LocationInFence, FindingSeverity.Info, FindingMessages.InFence(name)),
            FenceStatus.Inconclusive => new PunchFinding(FindingCodes.LocationInconclusive,
                wifi ? FindingSeverity.Info : FindingSeverity.Warning, FindingMessages.Inconclusive(name, accuracy)),
            _ => new PunchFinding(FindingCodes.LocationOutOfFence, OutOfFenceSeverity(match.Site.OutOfRange, wifi),
                FindingMessages.OutOfFence(name, distance)),
        };
    }

    private static FindingSeverity OutOfFenceSeverity(OutOfRangePolicy policy, bool wifi) =>
        wifi ? FindingSeverity.Info : policy == OutOfRangePolicy.Forbid ? FindingSeverity.Critical : FindingSeverity.Warning;

    private static LocationState ToState(FenceStatus status) => status switch
    {
        FenceStatus.Inside => LocationState.Inside,
        FenceStatus.Inconclusive => LocationState.Inconclusive,
        _ => LocationState.Outside,
    };

    private static bool IsRealBssid(string? bssid) => Bssid.Normalize(bssid) is { } n && !Bssid.IsPlaceholder(n);
}
