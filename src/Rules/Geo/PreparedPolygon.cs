namespace Attendance.Rules.Geo;

/// <summary>A polygon fence projected once into metres around its own centre, so each punch costs one pass over the
/// edges with no trigonometry except the final distance.</summary>
internal sealed class PreparedPolygon
{
    /// <summary>Points this close to an edge count as on it: floating-point noise, far below any GPS accuracy.</summary>
    private const double OnEdgeMeters = 1e-6;

    private readonly LocalProjection _projection;
    private readonly double[] _x;
    private readonly double[] _y;

    public PreparedPolygon(IReadOnlyList<GeoPoint> ring)
    {
        if (ring.Count < 3)
        {
            throw new ArgumentException("A polygon fence needs at least three points.", nameof(ring));
        }

        var box = GeoBox.Empty;
        foreach (var p in ring)
        {
            box = box.Include(p);
        }

        Box = box;
        _projection = new LocalProjection(box.Center);
        _x = new double[ring.Count];
        _y = new double[ring.Count];
        double size = 0;
        for (var i = 0; i < ring.Count; i++)
        {
            _x[i] = _projection.X(ring[i]);
            _y[i] = _projection.Y(ring[i]);
            size = Math.Max(size, Math.Sqrt((_x[i] * _x[i]) + (_y[i] * _y[i])));
        }

        SizeMeters = size;
    }

    public GeoBox Box { get; }

    /// <summary>The radius of the circle around the polygon's centre that holds every vertex: the polygon's
    /// counterpart of a circle's radius when deciding that a fix is too coarse.</summary>
    public double SizeMeters { get; }

    public FenceMeasurement Measure(GeoPoint p, double accuracyMeters)
    {
        var px = _projection.X(p);
        var py = _projection.Y(p);
        var (edgeDistance, nearestX, nearestY) = NearestEdgePoint(px, py);
        if (edgeDistance <= OnEdgeMeters || ContainsStrictly(px, py))
        {
            var status = accuracyMeters <= edgeDistance ? FenceStatus.Inside : FenceStatus.Inconclusive;
            return new FenceMeasurement(status, 0, 0);
        }

        // Measured on the sphere to the nearest boundary point, so far-away distances stay true and never fall
        // below the index's box bound.
        var distance = Haversine.DistanceMeters(p, _projection.ToGeo(nearestX, nearestY));
        var coarse = accuracyMeters > SizeMeters && distance <= accuracyMeters;
        return new FenceMeasurement(coarse ? FenceStatus.Inconclusive : FenceStatus.Outside, distance, distance);
    }

    private bool ContainsStrictly(double px, double py)
    {
        var inside = false;
        for (int i = 0, j = _x.Length - 1; i < _x.Length; j = i++)
        {
            if ((_y[i] > py) != (_y[j] > py)
                && px < ((_x[j] - _x[i]) * (py - _y[i]) / (_y[j] - _y[i])) + _x[i])
            {
                inside = !inside;
            }
        }

        return inside;
    }

    private (double Distance, double X, double Y) NearestEdgePoint(double px, double py)
    {
        var best = double.PositiveInfinity;
        double bestX = 0, bestY = 0;
        for (int i = 0, j = _x.Length - 1; i < _x.Length; j = i++)
        {
            var ax = _x[j];
            var ay = _y[j];
            var dx = _x[i] - ax;
            var dy = _y[i] - ay;
            var lengthSquared = (dx * dx) + (dy * dy);
            var t = lengthSquared == 0 ? 0 : Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / lengthSquared, 0, 1);
            var cx = ax + (t * dx);
            var cy = ay + (t * dy);
            var d2 = ((px - cx) * (px - cx)) + ((py - cy) * (py - cy));
            if (d2 < best)
            {
                best = d2;
                bestX = cx;
                bestY = cy;
            }
        }

        return (Math.Sqrt(best), bestX, bestY);
    }
}
