namespace Attendance.Face;

/// <summary>Cosine similarity thresholds; the defaults come from the calibration in docs/face.md.</summary>
public sealed record FaceThresholds(float Match, float Review)
{
    public static FaceThresholds Default { get; } = new(0.40f, 0.30f);
}
