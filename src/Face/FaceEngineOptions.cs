namespace Attendance.Face;

public sealed record FaceEngineOptions
{
    /// <summary>Concurrent analyses (one set of sessions each, one intra-op thread each); default: the core count.</summary>
    public int? Workers { get; init; }

    /// <summary>Detector score to count a face. The detector also fires on cats, hence the size rule as well.</summary>
    public float DetectionScore { get; init; } = 0.9f;

    public float NmsIou { get; init; } = 0.4f;

    /// <summary>A face is large enough when its side reaches this many pixels ...</summary>
    public float MinFaceSidePixels { get; init; } = 80f;

    /// <summary>... or this fraction of the image's shorter side.</summary>
    public float MinFaceSideFraction { get; init; } = 0.15f;

    /// <summary>
    /// Detections smaller than this fraction of the largest face's side, or lying mostly inside a larger box, do not
    /// count: on the calibration photos the only extra detections were such fragments, never a second subject.
    /// </summary>
    public float MinRelativeFaceSide { get; init; } = 0.5f;

    /// <summary>Photos are decoded at most this large on their longer side; the models see far fewer pixels anyway.</summary>
    public int MaxWorkingSide { get; init; } = 1280;

    /// <summary>Images declaring more pixels than this are refused as undecodable (decompression bombs).</summary>
    public long MaxImagePixels { get; init; } = 50_000_000;
}
