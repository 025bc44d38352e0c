using Attendance.Rules.Sites;

namespace Attendance.Rules.Punching;

/// <summary>Which rule decided a verdict; the employee's message follows from it.</summary>
public enum VerdictReason
{
    None,
    OutOfRangeForbidden,
    LocationMissing,
    PhotoMissing,
    LocationInconclusive,
    Face,
    AntiCheat,
    NewDeviceOutOfRange,
}

/// <summary>
/// DESIGN §3 as a table, most severe first; the first rule that holds decides, and none holding means accepted.
/// Only a site's forbid policy or a missing required factor rejects. Face and anti-cheat signals alone never reject:
/// a person decides (PIPL Art. 24). OUTSIDE_PUNCH_WINDOW is deliberately absent: the punch is accepted and only
/// flagged, because the day evaluation already judges a punch's time against the shift (late, early, overtime)
/// and rejecting it here would turn an early arrival into an absence.
/// </summary>
public static class VerdictTable
{
    private delegate bool Condition(in PunchFacts f);

    private static readonly (VerdictReason Reason, PunchVerdict Verdict, Condition When)[] Rules =
    [
        (VerdictReason.OutOfRangeForbidden, PunchVerdict.Rejected, static (in f) => f.OutOfRange && f.Policy == OutOfRangePolicy.Forbid),
        (VerdictReason.LocationMissing, PunchVerdict.Rejected, static (in f) => f.Location == LocationState.Missing && !f.WifiMatched),
        (VerdictReason.PhotoMissing, PunchVerdict.Rejected, static (in f) => f.PhotoMissing),
        (VerdictReason.LocationInconclusive, PunchVerdict.Review, static (in f) => f.Location == LocationState.Inconclusive && !f.WifiMatched),
        (VerdictReason.Face, PunchVerdict.Review, static (in f) => f.FaceNeedsReview),
        (VerdictReason.AntiCheat, PunchVerdict.Review, static (in f) => f.AntiCheat),
        (VerdictReason.NewDeviceOutOfRange, PunchVerdict.Review, static (in f) => f.DeviceNew && f.OutOfRange),
    ];

    public static (PunchVerdict Verdict, VerdictReason Reason) Decide(in PunchFacts facts)
    {
        foreach (var (reason, verdict, when) in Rules)
        {
            if (when(in facts))
            {
                return (verdict, reason);
            }
        }

        return (PunchVerdict.Accepted, VerdictReason.None);
    }
}
