namespace Attendance.Face;

public enum FaceVerdict
{
    Match,
    /// <summary>Between the review and the match threshold: a person looks, nothing is concluded.</summary>
    Uncertain,
    Mismatch,
}

public static class FaceDecision
{
    /// <summary>Match at or above <paramref name="matchThreshold"/>, mismatch below <paramref name="reviewThreshold"/>.</summary>
    public static FaceVerdict Decide(float similarity, float matchThreshold, float reviewThreshold)
    {
        if (reviewThreshold > matchThreshold)
            throw new ArgumentException(
                $"The review threshold ({reviewThreshold}) must not exceed the match threshold ({matchThreshold}).",
                nameof(reviewThreshold));
        if (float.IsNaN(similarity))
            return FaceVerdict.Uncertain;
        if (similarity >= matchThreshold)
            return FaceVerdict.Match;
        return similarity < reviewThreshold ? FaceVerdict.Mismatch : FaceVerdict.Uncertain;
    }

    public static FaceVerdict Decide(float similarity, FaceThresholds thresholds) =>
        Decide(similarity, thresholds.Match, thresholds.Review);
}
