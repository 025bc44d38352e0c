using Attendance.Rules.Sites;

namespace Attendance.Rules.Punching;

/// <summary>
/// Scores one punch: findings, risk, verdict and the employee's message. Pure and deterministic: the same attempt
/// and context always give the same score; nothing is read from the clock or the outside world.
/// </summary>
public static class PunchScorer
{
    public static PunchScore Score(PunchAttempt attempt, PunchContext context)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(context);
        var findings = new List<PunchFinding>(6);

        var place = LocationRules.Assess(attempt, context, findings);
        var (photoMissing, faceReview) = FaceRules.Assess(attempt, place.Site, findings);
        var (antiCheat, deviceNew) = AntiCheatRules.Assess(attempt, context, place.Gcj02, findings);
        var outsideWindow = attempt.InsideWindow == false;
        if (outsideWindow)
        {
            findings.Add(new PunchFinding(FindingCodes.OutsidePunchWindow, FindingSeverity.Warning, FindingMessages.OutsidePunchWindow));
        }

        var facts = new PunchFacts(place.Location, place.WifiMatched, place.Site?.OutOfRange ?? OutOfRangePolicy.Exception,
            photoMissing, faceReview, antiCheat, deviceNew, outsideWindow);
        var (verdict, reason) = VerdictTable.Decide(facts);

        var site = place.Site is { } s
            ? new MatchedSite(s.Id, s.Name, place.Measurement is { } m ? (int)Math.Round(m.DistanceMeters) : null)
            : null;
        var isField = facts.OutOfRange && facts.Policy == OutOfRangePolicy.Field;
        var isException = facts.OutOfRange && facts.Policy == OutOfRangePolicy.Exception;
        var message = EmployeeMessage(attempt, verdict, reason, place, isField, isException);
        return new PunchScore(findings, FindingCodes.RiskScore(findings), verdict, site, isField, isException, place.Gcj02, message);
    }

    private static string EmployeeMessage(PunchAttempt attempt, PunchVerdict verdict, VerdictReason reason, PlaceAssessment place,
        bool isField, bool isException)
    {
        var kind = attempt.Kind;
        var distance = place.Measurement?.DistanceMeters ?? 0;
        var siteName = place.Site?.Name ?? string.Empty;
        switch (verdict)
        {
            case PunchVerdict.Rejected:
                return reason switch
                {
                    VerdictReason.OutOfRangeForbidden => FindingMessages.OutOfFence(siteName, distance),
                    VerdictReason.PhotoMissing => FindingMessages.RejectedNoPhoto,
                    _ when attempt.LocationWithheld => FindingMessages.RejectedNoLocationConsent,
                    _ => FindingMessages.RejectedNoLocation,
                };
            case PunchVerdict.Review:
                return FindingMessages.InReview;
        }

        var done = kind switch
        {
            PunchKind.In => FindingMessages.AcceptedIn,
            PunchKind.Out => FindingMessages.AcceptedOut,
            _ => FindingMessages.Accepted,
        };
        return isField ? FindingMessages.AcceptedAsField(done)
            : isException ? FindingMessages.AcceptedWithException(done, siteName, distance)
            : done;
    }
}
