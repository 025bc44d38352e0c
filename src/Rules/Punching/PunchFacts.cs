using Attendance.Rules.Sites;

namespace Attendance.Rules.Punching;

/// <summary>Where the location rule left the punch.</summary>
public enum LocationState
{
    /// <summary>No site applies to the employee: location is not a factor.</summary>
    NotApplicable,
    Missing,
    Inside,
    Inconclusive,
    Outside,
}

/// <summary>
/// The few facts the verdict depends on, distilled from the findings. Keeping them apart from the findings lets the
/// verdict be a small table (<see cref="VerdictTable"/>) instead of logic spread through the checks.
/// </summary>
public readonly record struct PunchFacts(
    LocationState Location,
    bool WifiMatched,
    OutOfRangePolicy Policy,
    bool PhotoMissing,
    bool FaceNeedsReview,
    bool AntiCheat,
    bool DeviceNew,
    bool OutsideWindow)
{
    /// <summary>A matching BSSID of an applicable site counts as being at the site whatever the GPS says.</summary>
    public bool InRange => WifiMatched || Location is LocationState.Inside or LocationState.NotApplicable;

    public bool OutOfRange => !WifiMatched && Location == LocationState.Outside;
}
