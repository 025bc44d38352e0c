namespace Attendance.Rules.Geo;

/// <summary>
/// A static R-tree over fence boxes, packed once with Sort-Tile-Recursive (full nodes, little overlap) and kept in
/// flat arrays. Searches are branch-and-bound on a stack-allocated stack: no allocation per query.
/// </summary>
internal sealed class SiteRTree
{
    private const int Fanout = 16;

    private readonly PreparedFence[] _fences;
    private readonly GeoBox[] _boxes;
    private readonly int[] _first;
    private readonly int[] _count;
    private readonly bool[] _leaf;
    private readonly int[] _children;
    private readonly int _root = -1;
    private readonly int _stackSize = 1;

    public SiteRTree(PreparedFence[] fences, int[] members)
    {
        _fences = fences;
        var boxes = new List<GeoBox>();
        var first = new List<int>();
        var count = new List<int>();
        var leaf = new List<bool>();
        var children = new List<int>();
        var level = members;
        var isLeafLevel = true;
        while (level.Length > 0)
        {
            var boxOf = isLeafLevel ? (Func<int, GeoBox>)(i => fences[i].Box) : i => boxes[i];
            SortTileRecursive(level, boxOf);
            var parents = new int[(level.Length + Fanout - 1) / Fanout];
            for (var p = 0; p < parents.Length; p++)
            {
                var start = p * Fanout;
                var n = Math.Min(Fanout, level.Length - start);
                var box = GeoBox.Empty;
                for (var k = start; k < start + n; k++)
                {
                    box = box.Union(boxOf(level[k]));
                    children.Add(level[k]);
                }

                parents[p] = boxes.Count;
                boxes.Add(box);
                first.Add(children.Count - n);
                count.Add(n);
                leaf.Add(isLeafLevel);
            }

            _stackSize += Fanout;
            isLeafLevel = false;
            if (parents.Length == 1)
            {
                _root = parents[0];
                break;
            }

            level = parents;
        }

        _boxes = [.. boxes];
        _first = [.. first];
        _count = [.. count];
        _leaf = [.. leaf];
        _children = [.. children];
    }

    public bool IsEmpty => _root < 0;

    /// <summary>Improves <paramref name="best"/> with any fence of this tree that ranks better.</summary>
    public void Search(GeoPoint p, double accuracyMeters, ref SiteMatch? best)
    {
        if (_root < 0)
        {
            return;
        }

        Span<int> stack = stackalloc int[_stackSize];
        Span<int> order = stackalloc int[Fanout];
        Span<double> bounds = stackalloc double[Fanout];
        var top = 0;
        stack[top++] = _root;
        while (top > 0)
        {
            var node = stack[--top];
            var radius = SiteMatch.SearchRadius(best, accuracyMeters);
            if (_boxes[node].LowerBoundMeters(p) > radius)
            {
                continue;
            }

            var first = _first[node];
            var n = _count[node];
            if (_leaf[node])
            {
                for (var k = first; k < first + n; k++)
                {
                    var fence = _fences[_children[k]];
                    var candidate = new SiteMatch(fence, fence.Measure(p, accuracyMeters));
                    if (SiteMatch.IsBetter(candidate, best))
                    {
                        best = candidate;
                    }
                }

                continue;
            }

            // Push the far children first so the nearest is explored next and tightens the radius early.
            var kept = 0;
            for (var k = first; k < first + n; k++)
            {
                var bound = _boxes[_children[k]].LowerBoundMeters(p);
                if (bound > radius)
                {
                    continue;
                }

                var at = kept++;
                while (at > 0 && bounds[at - 1] < bound)
                {
                    bounds[at] = bounds[at - 1];
                    order[at] = order[at - 1];
                    at--;
                }

                bounds[at] = bound;
                order[at] = _children[k];
            }

            for (var k = 0; k < kept; k++)
            {
                stack[top++] = order[k];
            }
        }
    }

    private static void SortTileRecursive(int[] items, Func<int, GeoBox> boxOf)
    {
        var leaves = (items.Length + Fanout - 1) / Fanout;
        var slices = (int)Math.Ceiling(Math.Sqrt(leaves));
        var sliceSize = slices * Fanout;
        Array.Sort(items, (a, b) => boxOf(a).Center.Longitude.CompareTo(boxOf(b).Center.Longitude));
        for (var start = 0; start < items.Length; start += sliceSize)
        {
            var length = Math.Min(sliceSize, items.Length - start);
            Array.Sort(items, start, length,
                Comparer<int>.Create((a, b) => boxOf(a).Center.Latitude.CompareTo(boxOf(b).Center.Latitude)));
        }
    }
}
