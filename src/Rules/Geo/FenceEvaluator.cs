using Attendance.Rules.Sites;

namespace Attendance.Rules.Geo;

/// <summary>Measures punches against fences. Fences are GCJ-02; a WGS-84 fix is converted before measuring because
/// the two datums differ by 250–650 m in Chinese cities.</summary>
public static class FenceEvaluator
{
    /// <summary>
    /// Inside only when the whole accuracy circle is in the fence (distance + accuracy ≤ radius). A centre inside
    /// with a rim outside, or a fix coarser than the fence that still reaches it, is inconclusive: such a fix can
    /// neither pass nor be blamed. Everything else is outside.
    /// </summary>
    public static FenceMeasurement Circle(CircleFence fence, GeoPoint gcj02, double accuracyMeters)
    {
        ArgumentNullException.ThrowIfNull(fence);
        var distance = Haversine.DistanceMeters(fence.Center, gcj02);
        var radius = fence.RadiusMeters;
        var gap = Math.Max(0, distance - radius);
        FenceStatus status;
        if (distance + accuracyMeters <= radius)
        {
            status = FenceStatus.Inside;
        }
        else if (distance <= radius || (accuracyMeters > radius && gap <= accuracyMeters))
        {
            status = FenceStatus.Inconclusive;
        }
        else
        {
            status = FenceStatus.Outside;
        }

        return new FenceMeasurement(status, distance, gap);
    }

    /// <summary>Measures a point given in any datum against one site (prepares the fence on each call: for many
    /// punches keep a <see cref="PreparedFence"/> or a <see cref="SiteIndex"/>).</summary>
    public static FenceMeasurement Measure(Site site, GeoPoint point, CoordinateSystem datum, double accuracyMeters) =>
        PreparedFence.For(site).Measure(ChinaDatum.ToGcj02(point, datum), accuracyMeters);
}
