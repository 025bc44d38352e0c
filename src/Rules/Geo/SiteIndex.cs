using Attendance.Rules.Sites;

namespace Attendance.Rules.Geo;

/// <summary>
/// All sites, indexed once for the punch path: an R-tree per department (plus one for sites open to everyone and
/// one over all sites), so a lookup costs O(log n) however the sites are split between departments, and a BSSID
/// table for Wi-Fi. Immutable after <see cref="Build"/>; share one instance across threads and rebuild it when
/// sites change.
/// </summary>
public sealed class SiteIndex
{
    private readonly PreparedFence[] _fences;
    private readonly Dictionary<string, PreparedFence> _byId;
    private readonly SiteRTree _all;
    private readonly SiteRTree _everyone;
    private readonly Dictionary<long, SiteRTree> _byDepartment;
    private readonly SiteWifiTable _wifi;

    private SiteIndex(PreparedFence[] fences)
    {
        _fences = fences;
        _byId = new Dictionary<string, PreparedFence>(fences.Length, StringComparer.Ordinal);
        var everyone = new List<int>();
        var byDepartment = new Dictionary<long, List<int>>();
        for (var i = 0; i < fences.Length; i++)
        {
            var site = fences[i].Site;
            if (!_byId.TryAdd(site.Id, fences[i]))
            {
                throw new ArgumentException($"Site id '{site.Id}' appears twice.", nameof(fences));
            }

            if (site.IsForEveryone)
            {
                everyone.Add(i);
            }

            foreach (var department in site.DepartmentIds.Distinct())
            {
                if (!byDepartment.TryGetValue(department, out var list))
                {
                    byDepartment[department] = list = [];
                }

                list.Add(i);
            }
        }

        _all = new SiteRTree(fences, [.. Enumerable.Range(0, fences.Length)]);
        _everyone = new SiteRTree(fences, [.. everyone]);
        _byDepartment = byDepartment.ToDictionary(kv => kv.Key, kv => new SiteRTree(fences, [.. kv.Value]));
        _wifi = new SiteWifiTable(fences);
        Sites = Array.ConvertAll(fences, f => f.Site);
    }

    public static SiteIndex Empty { get; } = new([]);

    public IReadOnlyList<Site> Sites { get; }

    public int Count => _fences.Length;

    /// <summary>Prepares every fence (sorted by id, so ties resolve the same way whatever the input order).</summary>
    public static SiteIndex Build(IEnumerable<Site> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var fences = sites.OrderBy(s => s.Id, StringComparer.Ordinal).Select(PreparedFence.For).ToArray();
        return new SiteIndex(fences);
    }

    /// <summary>True when the site is for everyone or for one of the departments; null departments means any.</summary>
    public static bool AppliesTo(Site site, IReadOnlyList<long>? departmentIds)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (departmentIds is null || site.IsForEveryone)
        {
            return true;
        }

        for (var i = 0; i < departmentIds.Count; i++)
        {
            if (site.DepartmentIds.Contains(departmentIds[i]))
            {
                return true;
            }
        }

        return false;
    }

    public PreparedFence? Find(string siteId) => _byId.GetValueOrDefault(siteId);

    /// <summary>Whether any site applies to an employee of these departments (null = any site at all).</summary>
    public bool HasSitesFor(IReadOnlyList<long>? departmentIds)
    {
        if (departmentIds is null)
        {
            return _fences.Length > 0;
        }

        if (!_everyone.IsEmpty)
        {
            return true;
        }

        for (var i = 0; i < departmentIds.Count; i++)
        {
            if (_byDepartment.ContainsKey(departmentIds[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether any site applying to these departments lists a Wi-Fi access point.</summary>
    public bool HasWifiFor(IReadOnlyList<long>? departmentIds) => _wifi.HasWifiFor(departmentIds);

    /// <summary>
    /// The best site for a GCJ-02 location among those applying to the departments (null = all sites): a fence the
    /// point is inside if any, else an inconclusive one, else the nearest. Null only when no site applies.
    /// </summary>
    public SiteMatch? Locate(GeoPoint gcj02, double accuracyMeters, IReadOnlyList<long>? departmentIds)
    {
        if (!(accuracyMeters >= 0) || !gcj02.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(accuracyMeters), "A usable fix has valid coordinates and a non-negative accuracy.");
        }

        SiteMatch? best = null;
        if (departmentIds is null)
        {
            _all.Search(gcj02, accuracyMeters, ref best);
            return best;
        }

        _everyone.Search(gcj02, accuracyMeters, ref best);
        for (var i = 0; i < departmentIds.Count; i++)
        {
            if (_byDepartment.TryGetValue(departmentIds[i], out var tree))
            {
                tree.Search(gcj02, accuracyMeters, ref best);
            }
        }

        return best;
    }

    /// <summary>The first applicable site (by id) listing this access point; tolerant of case and separators.</summary>
    public PreparedFence? MatchBssid(string? bssid, IReadOnlyList<long>? departmentIds) => _wifi.Match(bssid, departmentIds);
}
