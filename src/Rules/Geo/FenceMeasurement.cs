namespace Attendance.Rules.Geo;

/// <summary>Where a located punch stands relative to one fence.</summary>
public enum FenceStatus
{
    /// <summary>The whole accuracy circle lies within the fence.</summary>
    Inside,

    /// <summary>The fix is too coarse to tell: it may or may not be within the fence. Not a pass.</summary>
    Inconclusive,

    Outside,
}

/// <summary>
/// The outcome of measuring a point against a fence. <see cref="DistanceMeters"/> is what people are told: the
/// distance to a circle's centre, or to a polygon's nearest edge (0 inside a polygon). <see cref="GapMeters"/> is the
/// distance to the fenced area itself (0 when the point is in it) and is what "nearest site" ranks by.
/// </summary>
public readonly record struct FenceMeasurement(FenceStatus Status, double DistanceMeters, double GapMeters);
