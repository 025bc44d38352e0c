using Attendance.Rules.Sites;

namespace Attendance.Rules.Geo;

/// <summary>Which sites list which access point, keyed by the normalized BSSID so case and separators never matter.</summary>
internal sealed class SiteWifiTable
{
    private readonly Dictionary<string, PreparedFence[]> _byBssid;
    private readonly bool _everyoneHasWifi;
    private readonly HashSet<long> _departmentsWithWifi = [];

    /// <param name="fences">Sorted by site id, so the first applicable site of a shared BSSID is always the same.</param>
    public SiteWifiTable(PreparedFence[] fences)
    {
        var byBssid = new Dictionary<string, List<PreparedFence>>(StringComparer.Ordinal);
        foreach (var fence in fences)
        {
            var site = fence.Site;
            var any = false;
            foreach (var ap in site.Wifi)
            {
                if (Bssid.Normalize(ap.Bssid) is not { } key)
                {
                    continue;
                }

                if (!byBssid.TryGetValue(key, out var list))
                {
                    byBssid[key] = list = [];
                }

                if (!list.Contains(fence))
                {
                    list.Add(fence);
                }

                any = true;
            }

            if (!any)
            {
                continue;
            }

            _everyoneHasWifi |= site.IsForEveryone;
            _departmentsWithWifi.UnionWith(site.DepartmentIds);
        }

        _byBssid = byBssid.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }

    public bool HasWifiFor(IReadOnlyList<long>? departmentIds)
    {
        if (departmentIds is null)
        {
            return _byBssid.Count > 0;
        }

        if (_everyoneHasWifi)
        {
            return true;
        }

        for (var i = 0; i < departmentIds.Count; i++)
        {
            if (_departmentsWithWifi.Contains(departmentIds[i]))
            {
                return true;
            }
        }

        return false;
    }

    public PreparedFence? Match(string? bssid, IReadOnlyList<long>? departmentIds)
    {
        var normalized = Bssid.Normalize(bssid);
        if (normalized is null || Bssid.IsPlaceholder(normalized) || !_byBssid.TryGetValue(normalized, out var fences))
        {
            return null;
        }

        foreach (var fence in fences)
        {
            if (SiteIndex.AppliesTo(fence.Site, departmentIds))
            {
                return fence;
            }
        }

        return null;
    }
}
