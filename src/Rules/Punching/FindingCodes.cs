namespace Attendance.Rules.Punching;

/// <summary>The finding codes of the public contract (API, storage, digests). Never rename one.</summary>
public static class FindingCodes
{
    public const string LocationInFence = "LOCATION_IN_FENCE";
    public const string LocationOutOfFence = "LOCATION_OUT_OF_FENCE";
    public const string LocationInconclusive = "LOCATION_INCONCLUSIVE";
    public const string LocationMissing = "LOCATION_MISSING";
    public const string LocationNoConsent = "LOCATION_NO_CONSENT";
    public const string WifiMatch = "WIFI_MATCH";
    public const string WifiMismatch = "WIFI_MISMATCH";
    public const string PhotoMissing = "PHOTO_MISSING";
    public const string FaceMatch = "FACE_MATCH";
    public const string FaceMismatch = "FACE_MISMATCH";
    public const string FaceNotFound = "FACE_NOT_FOUND";
    public const string FaceMultiple = "FACE_MULTIPLE";
    public const string FaceNotEnrolled = "FACE_NOT_ENROLLED";
    public const string FaceNoConsent = "FACE_NO_CONSENT";
    public const string FaceUnavailable = "FACE_UNAVAILABLE";
    public const string FacePending = "FACE_PENDING";
    public const string LivenessFailed = "LIVENESS_FAILED";
    public const string DeviceNew = "DEVICE_NEW";
    public const string DeviceShared = "DEVICE_SHARED";
    public const string ImpossibleTravel = "IMPOSSIBLE_TRAVEL";
    public const string ClockSkew = "CLOCK_SKEW";
    public const string SuspiciousFix = "SUSPICIOUS_FIX";
    public const string OutsidePunchWindow = "OUTSIDE_PUNCH_WINDOW";

    public static IReadOnlyList<string> All { get; } =
    [
        LocationInFence, LocationOutOfFence, LocationInconclusive, LocationMissing, LocationNoConsent, WifiMatch, WifiMismatch,
        PhotoMissing, FaceMatch, FaceMismatch, FaceNotFound, FaceMultiple, FaceNotEnrolled, FaceNoConsent,
        FaceUnavailable, FacePending, LivenessFailed, DeviceNew, DeviceShared, ImpossibleTravel, ClockSkew,
        SuspiciousFix, OutsidePunchWindow,
    ];

    /// <summary>
    /// Risk points per finding. The score is their sum capped at 100, so adding a finding never lowers it; a
    /// weight depends on the code only, never on what else was found. Strong cheating signs weigh most; facts that
    /// are normal on their own (a first device, a skipped face rule) weigh little or nothing.
    /// </summary>
    public static int RiskWeight(string code) => code switch
    {
        LocationOutOfFence => 25,
        LocationInconclusive => 15,
        LocationMissing => 30,
        WifiMismatch => 5,
        PhotoMissing => 20,
        FaceMismatch => 50,
        FaceNotFound => 20,
        FaceMultiple => 20,
        FaceNotEnrolled => 5,
        FaceUnavailable => 5,
        FacePending => 5,
        LivenessFailed => 60,
        DeviceNew => 10,
        DeviceShared => 40,
        ImpossibleTravel => 50,
        ClockSkew => 15,
        SuspiciousFix => 40,
        OutsidePunchWindow => 5,
        _ => 0,
    };

    public static int RiskScore(IReadOnlyList<PunchFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var sum = 0;
        for (var i = 0; i < findings.Count; i++)
        {
            sum += RiskWeight(findings[i].Code);
        }

        return Math.Min(100, sum);
    }
}
