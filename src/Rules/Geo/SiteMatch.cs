using Attendance.Rules.Sites;

namespace Attendance.Rules.Geo;

/// <summary>A site measured against a punch location.</summary>
public readonly record struct SiteMatch(PreparedFence Fence, FenceMeasurement Measurement)
{
    public Site Site => Fence.Site;

    public FenceStatus Status => Measurement.Status;

    /// <summary>
    /// The order "best match first": inside before inconclusive before outside, then the nearer fenced area, then
    /// the nearer centre/edge, then the site id so that equal candidates always resolve the same way.
    /// </summary>
    public static int Compare(SiteMatch a, SiteMatch b)
    {
        var byStatus = (int)a.Measurement.Status - (int)b.Measurement.Status;
        if (byStatus != 0)
        {
            return byStatus;
        }

        var byGap = a.Measurement.GapMeters.CompareTo(b.Measurement.GapMeters);
        if (byGap != 0)
        {
            return byGap;
        }

        var byDistance = a.Measurement.DistanceMeters.CompareTo(b.Measurement.DistanceMeters);
        return byDistance != 0 ? byDistance : string.CompareOrdinal(a.Site.Id, b.Site.Id);
    }

    /// <summary>True when <paramref name="candidate"/> should replace <paramref name="best"/>.</summary>
    public static bool IsBetter(SiteMatch candidate, SiteMatch? best) => best is not { } b || Compare(candidate, b) < 0;

    /// <summary>
    /// How far a site's fenced area may lie and still beat <paramref name="best"/>: an inside match can only be tied
    /// by another inside one (gap 0); an inconclusive one is beaten only by something no farther; an outside one
    /// also by any inconclusive site, which lies within the accuracy radius.
    /// </summary>
    internal static double SearchRadius(SiteMatch? best, double accuracyMeters) => best switch
    {
        null => double.PositiveInfinity,
        { Status: FenceStatus.Inside } => 0,
        { Status: FenceStatus.Inconclusive } b => b.Measurement.GapMeters,
        { } b => Math.Max(b.Measurement.GapMeters, accuracyMeters),
    };
}
