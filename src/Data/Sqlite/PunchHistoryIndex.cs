using Attendance.Data.Punches;
using Attendance.Rules.Punching;

namespace Attendance.Data.Sqlite;

/// <summary>
/// The punch window's contents: every punch with a work date from <see cref="FirstWorkDate"/> on (today's punches,
/// devices of a day) and every punch captured from <see cref="Since"/> on (devices, the latest fix, repeated fixes),
/// indexed to answer <see cref="Read"/> exactly as <see cref="PunchHistoryRepository"/>'s SQL does. Pure memory:
/// no database, no clock, no lock (the <see cref="PunchWindow"/> owns all three).
/// </summary>
internal sealed class PunchHistoryIndex(long version, DateOnly firstWorkDate, DateTimeOffset since)
{
    /// <summary>More punches at one exact fix than this within the horizon are not all kept (a mock-location farm).</summary>
    public const int KeptPerFix = 64;

    private readonly Dictionary<string, UserHistory> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Device, DateOnly Date), List<string>> _deviceDays = [];
    // Keyed by the two numbers, and an array per key (almost always of one): a string key and a list per punch
    // made the window several times larger.
    private readonly Dictionary<FixKey, FixEntry[]> _fixes = [];

    public long Version { get; set; } = version;

    public DateOnly FirstWorkDate { get; private set; } = firstWorkDate;

    public DateTimeOffset Since { get; private set; } = since;

    /// <summary>Punches held: added since the load, less those the last pruning let go.</summary>
    public int Count { get; private set; }

    /// <summary>The UTC date of the last pruning (or of the load): a new day prunes at the next commit.</summary>
    public DateOnly PrunedOn { get; private set; } = DateOnly.FromDateTime(since.UtcDateTime + PunchHistoryRepository.DeviceMemory);

    public void Add(long id, string userId, PriorPunch punch, string? deviceId, string? fixKey)
    {
        var recent = punch.WorkDate >= FirstWorkDate;
        var inHorizon = punch.Time >= Since;
        if (!recent && !inHorizon)
        {
            return;
        }

        Count++;

        if (!_users.TryGetValue(userId, out var user))
        {
            _users[userId] = user = new UserHistory(userId);
        }
        else if (!ReferenceEquals(user.UserId, punch.UserId))
        {
            // One string per employee, not one per punch read from the database.
            punch = punch with { UserId = user.UserId };
        }

        if (recent)
        {
            user.Recent.Add(punch);
            if (deviceId is not null)
            {
                var day = (deviceId, punch.WorkDate);
                if (!_deviceDays.TryGetValue(day, out var users))
                {
                    _deviceDays[day] = users = [];
                }

                if (!users.Contains(userId, StringComparer.Ordinal))
                {
                    users.Add(user.UserId);
                }
            }
        }

        if (!inHorizon)
        {
            return;
        }

        if (deviceId is not null && (!user.Devices.TryGetValue(deviceId, out var last) || last < punch.Time))
        {
            user.Devices[deviceId] = punch.Time;
        }

        if (punch.Gcj02 is not null && (user.LastLocated is null || user.LastLocated.Time < punch.Time))
        {
            user.LastLocated = punch;
        }

        if (ParseFixKey(fixKey) is { } key)
        {
            var entry = new FixEntry(id, punch);
            _fixes[key] = _fixes.TryGetValue(key, out var entries)
                ? [.. entries.Skip(entries.Length >= KeptPerFix ? 1 : 0), entry]
                : [entry];
        }
    }

    /// <summary>The same answer as <see cref="PunchHistoryRepository"/>'s SQL, statement by statement.</summary>
    public PunchHistory Read(string userId, DateOnly workDate, DateTimeOffset since, string? deviceId, FixKey? fixKey)
    {
        List<PriorPunch> today = [];
        PriorPunch? previous = null;
        var devices = new HashSet<string>(StringComparer.Ordinal);
        if (_users.TryGetValue(userId, out var user))
        {
            foreach (var p in user.Recent)
            {
                if (p.WorkDate == workDate)
                {
                    today.Add(p);
                }
            }

            previous = user.LastLocated is { } l && l.Time >= since ? l : null;
            foreach (var (device, last) in user.Devices)
            {
                if (last >= since)
                {
                    devices.Add(device);
                }
            }
        }

        var others = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (deviceId is not null && _deviceDays.TryGetValue((deviceId, workDate), out var onDevice))
        {
            foreach (var other in onDevice)
            {
                if (!string.Equals(other, userId, StringComparison.Ordinal))
                {
                    others.Add(other);
                }
            }
        }

        List<PriorPunch> sameFix = [];
        if (fixKey is { } key && _fixes.TryGetValue(key, out var entries))
        {
            for (var i = entries.Length - 1; i >= 0 && sameFix.Count < PunchHistoryRepository.MaxSameFix; i--)
            {
                if (entries[i].Punch.Time >= since)
                {
                    sameFix.Add(entries[i].Punch);
                }
            }
        }

        return new PunchHistory(today, previous, devices, others, sameFix);
    }

    /// <summary>Forgets what no punch from now on can ask about, so memory follows the horizon, not the uptime.</summary>
    public void Prune(DateTimeOffset now)
    {
        PrunedOn = DateOnly.FromDateTime(now.UtcDateTime);
        var since = now - PunchHistoryRepository.DeviceMemory;
        var firstWorkDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-3);
        if (since > Since)
        {
            Since = since;
        }

        if (firstWorkDate > FirstWorkDate)
        {
            FirstWorkDate = firstWorkDate;
        }

        foreach (var (userId, user) in _users.ToList())
        {
            user.Recent.RemoveAll(p => p.WorkDate < FirstWorkDate);
            foreach (var (device, last) in user.Devices.ToList())
            {
                if (last < Since)
                {
                    user.Devices.Remove(device);
                }
            }

            if (user.LastLocated is { } l && l.Time < Since)
            {
                user.LastLocated = null;
            }

            if (user.Recent.Count == 0 && user.Devices.Count == 0 && user.LastLocated is null)
            {
                _users.Remove(userId);
            }
        }

        foreach (var key in _deviceDays.Keys.Where(k => k.Date < FirstWorkDate).ToList())
        {
            _deviceDays.Remove(key);
        }

        foreach (var (key, entries) in _fixes.ToList())
        {
            if (entries.Any(e => e.Punch.Time < Since))
            {
                var kept = entries.Where(e => e.Punch.Time >= Since).ToArray();
                if (kept.Length == 0)
                {
                    _fixes.Remove(key);
                }
                else
                {
                    _fixes[key] = kept;
                }
            }
        }

        Count = _users.Values.Sum(u => u.Recent.Count) + _fixes.Values.Sum(e => e.Length);
    }

    /// <summary>The stored text form of a fix key (<see cref="PunchHistoryRepository.FixKeyText"/>) back as the key.</summary>
    private static FixKey? ParseFixKey(string? text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0
            && long.TryParse(text.AsSpan(0, colon), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var lat)
            && long.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var lon)
            ? new FixKey(lat, lon)
            : null;
    }

    private sealed class UserHistory(string userId)
    {
        public string UserId { get; } = userId;

        /// <summary>Punches with a work date from <see cref="FirstWorkDate"/> on.</summary>
        public List<PriorPunch> Recent { get; } = [];

        public PriorPunch? LastLocated { get; set; }

        public Dictionary<string, DateTimeOffset> Devices { get; } = new(StringComparer.Ordinal);
    }

    private readonly record struct FixEntry(long Id, PriorPunch Punch);
}
