using Attendance.Rules.Sites;

namespace Attendance.Rules.Punching;

/// <summary>Photo and face requirements of the matched site.</summary>
internal static class FaceRules
{
    /// <summary>
    /// A face check needs a photo, so a required face without a photo is a missing required factor (rejected).
    /// Without consent the face rule is skipped entirely (PIPL): the photo is then only needed when the site asks
    /// for one in its own right. A face result on a site that does not require faces is ignored, so faces are
    /// processed only where the employer declared the need.
    /// </summary>
    public static (bool PhotoMissing, bool NeedsReview) Assess(PunchAttempt attempt, Site? site, List<PunchFinding> findings)
    {
        var requirePhoto = site?.RequirePhoto ?? false;
        var requireFace = site?.RequireFace ?? false;
        if (requireFace && attempt.Face?.Outcome == FaceOutcome.NoConsent)
        {
            findings.Add(new PunchFinding(FindingCodes.FaceNoConsent, FindingSeverity.Info, FindingMessages.FaceNoConsent));
            requireFace = false;
        }

        if ((requirePhoto || requireFace) && !attempt.HasPhoto)
        {
            findings.Add(new PunchFinding(FindingCodes.PhotoMissing, FindingSeverity.Critical, FindingMessages.PhotoMissing));
            return (true, false);
        }

        if (!requireFace)
        {
            return (false, false);
        }

        // A photo whose comparison has not come back yet is pending, never a pass.
        var outcome = attempt.Face?.Outcome ?? FaceOutcome.Pending;
        findings.Add(outcome switch
        {
            FaceOutcome.Match => new PunchFinding(FindingCodes.FaceMatch, FindingSeverity.Info, FindingMessages.FaceMatch),
            FaceOutcome.Mismatch => new PunchFinding(FindingCodes.FaceMismatch, FindingSeverity.Critical, FindingMessages.FaceMismatch),
            FaceOutcome.NotFound => new PunchFinding(FindingCodes.FaceNotFound, FindingSeverity.Warning, FindingMessages.FaceNotFound),
            FaceOutcome.Multiple => new PunchFinding(FindingCodes.FaceMultiple, FindingSeverity.Warning, FindingMessages.FaceMultiple),
            FaceOutcome.NotEnrolled => new PunchFinding(FindingCodes.FaceNotEnrolled, FindingSeverity.Warning, FindingMessages.FaceNotEnrolled),
            FaceOutcome.Unavailable => new PunchFinding(FindingCodes.FaceUnavailable, FindingSeverity.Warning, FindingMessages.FaceUnavailable),
            FaceOutcome.LivenessFailed => new PunchFinding(FindingCodes.LivenessFailed, FindingSeverity.Critical, FindingMessages.LivenessFailed),
            _ => new PunchFinding(FindingCodes.FacePending, FindingSeverity.Warning, FindingMessages.FacePending),
        });
        return (false, outcome != FaceOutcome.Match);
    }
}
