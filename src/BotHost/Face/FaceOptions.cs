using Attendance.Face;

namespace Attendance.BotHost.Face;

/// <summary>The <c>Face</c> configuration section, validated at start-up.</summary>
public sealed class FaceOptions
{
    public const string Section = "Face";

    /// <summary>The model pack (scripts/fetch-face-models.sh); relative paths are taken from the working directory.</summary>
    public string ModelDirectory { get; set; } = "models/face";

    /// <summary>Cosine similarity at or above which the punch photo is the enrolled employee.</summary>
    public float MatchThreshold { get; set; } = FaceThresholds.Default.Match;

    /// <summary>Below this it is a mismatch; between the two a person looks (review either way).</summary>
    public float ReviewThreshold { get; set; } = FaceThresholds.Default.Review;

    /// <summary>The version of the consent notice the employee is shown; recorded with every grant and withdrawal.</summary>
    public string ConsentNoticeVersion { get; set; } = "2026-01";

    /// <summary>Concurrent analyses (one ONNX session set with one intra-op thread each); default: the core count.</summary>
    public int? Workers { get; set; }

    /// <summary>
    /// When this many analyses are already waiting for a worker, a punch is answered at once (review, FACE_PENDING)
    /// and verified in the background instead of waiting in line.
    /// </summary>
    public int PendingThreshold { get; set; } = 8;

    /// <summary>Background verifications allowed to wait; beyond that a punch stays in review with FACE_PENDING.</summary>
    public int BackgroundCapacity { get; set; } = 10_000;

    /// <summary>
    /// Whether this host finishes deferred checks: its own, and (swept every <see cref="SweepInterval"/>) those another
    /// host left without a lease or whose lease ran out. Off on hosts that should only answer punches (with
    /// <see cref="PendingThreshold"/> 0 they defer every check to the hosts that have it on).
    /// </summary>
    public bool RunBackgroundChecks { get; set; } = true;

    /// <summary>How long a host holds a deferred check it works on; after this another host may take it.</summary>
    public TimeSpan PendingLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a host running background checks looks for owed checks no host holds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public FaceThresholds Thresholds => new(MatchThreshold, ReviewThreshold);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory))
        {
            yield return "Face:ModelDirectory is required.";
        }

        if (!float.IsFinite(MatchThreshold) || MatchThreshold is <= -1f or > 1f)
        {
            yield return "Face:MatchThreshold must be a cosine similarity in (-1, 1].";
        }

        if (!float.IsFinite(ReviewThreshold) || ReviewThreshold is <= -1f or > 1f)
        {
            yield return "Face:ReviewThreshold must be a cosine similarity in (-1, 1].";
        }
        else if (ReviewThreshold > MatchThreshold)
        {
            yield return "Face:ReviewThreshold must not exceed Face:MatchThreshold.";
        }

        if (string.IsNullOrWhiteSpace(ConsentNoticeVersion) || ConsentNoticeVersion.Length > 64)
        {
            yield return "Face:ConsentNoticeVersion is required (at most 64 characters).";
        }

        if (Workers is < 1 or > 64)
        {
            yield return "Face:Workers must be between 1 and 64 when set.";
        }

        if (PendingThreshold < 0)
        {
            yield return "Face:PendingThreshold must not be negative.";
        }

        if (BackgroundCapacity < 1)
        {
            yield return "Face:BackgroundCapacity must be at least 1.";
        }

        if (PendingLease < TimeSpan.FromSeconds(10) || PendingLease > TimeSpan.FromHours(1))
        {
            yield return "Face:PendingLease must be between 00:00:10 and 01:00:00.";
        }

        if (SweepInterval < TimeSpan.FromSeconds(1) || SweepInterval > TimeSpan.FromHours(1))
        {
            yield return "Face:SweepInterval must be between 00:00:01 and 01:00:00.";
        }
    }
}
