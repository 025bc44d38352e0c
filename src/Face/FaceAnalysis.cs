namespace Attendance.Face;

public enum FaceOutcome
{
    /// <summary>Exactly one face, large enough: <see cref="FaceAnalysis.Embedding"/> is set.</summary>
    OneFace,
    NoFace,
    MultipleFaces,
    /// <summary>Exactly one face, but too small in the frame to compare reliably.</summary>
    FaceTooSmall,
    /// <summary>The bytes are not an image this component can decode (or it is unreasonably large).</summary>
    Undecodable,
}

/// <summary>A point in the pixel coordinates of the image as displayed (after its EXIF orientation).</summary>
public readonly record struct FacePoint(float X, float Y);

/// <summary>A square face box in the pixel coordinates of the image as displayed.</summary>
public readonly record struct FaceBox(float X, float Y, float Side);

/// <summary>Five points: left eye, right eye, nose tip, left mouth corner, right mouth corner (image left/right).</summary>
public sealed record DetectedFace(FaceBox Box, float Score, IReadOnlyList<FacePoint> Landmarks5);

public sealed record FaceAnalysis(
    FaceOutcome Outcome,
    int ImageWidth,
    int ImageHeight,
    IReadOnlyList<DetectedFace> Faces,
    float[]? Embedding)
{
    internal static FaceAnalysis Undecodable { get; } = new(FaceOutcome.Undecodable, 0, 0, [], null);
}
