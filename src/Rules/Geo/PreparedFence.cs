using Attendance.Rules.Sites;

namespace Attendance.Rules.Geo;

/// <summary>
/// A site's fence made ready for measuring: its bounding box and, for polygons, the projected ring. Immutable, so
/// one instance serves every request.
/// </summary>
public sealed class PreparedFence
{
    private readonly PreparedPolygon? _polygon;

    private PreparedFence(Site site, PreparedPolygon? polygon, GeoBox box)
    {
        Site = site;
        _polygon = polygon;
        Box = box;
    }

    public Site Site { get; }

    /// <summary>GCJ-02 box that holds the whole fence.</summary>
    public GeoBox Box { get; }

    public static PreparedFence For(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.Circle is { } circle)
        {
            return new PreparedFence(site, null, GeoBox.AroundCircle(circle.Center, circle.RadiusMeters));
        }

        if (site.Polygon is { } ring)
        {
            var polygon = new PreparedPolygon(ring);
            return new PreparedFence(site, polygon, polygon.Box);
        }

        throw new ArgumentException($"Site '{site.Id}' has neither a circle nor a polygon.", nameof(site));
    }

    /// <param name="gcj02">The punch location, already in GCJ-02.</param>
    /// <param name="accuracyMeters">The reported accuracy radius (non-negative).</param>
    public FenceMeasurement Measure(GeoPoint gcj02, double accuracyMeters) =>
        _polygon is not null
            ? _polygon.Measure(gcj02, accuracyMeters)
            : FenceEvaluator.Circle(Site.Circle!, gcj02, accuracyMeters);
}
