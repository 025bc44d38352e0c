using System.Text.RegularExpressions;
using Attendance.Rules.Common;
using Attendance.Rules.Sites;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Jobs;

/// <summary>What <see cref="CheckinRecordValidator.Check"/> made of one record.</summary>
/// <param name="Record">The record to send (a copy, possibly fixed), or null when it cannot be sent.</param>
/// <param name="Fixes">What was changed to make it acceptable (empty when nothing was).</param>
/// <param name="Refusal">Why it cannot be sent, when <paramref name="Record"/> is null.</param>
public sealed record CheckinRecordCheck(WeComCheckinRecord? Record, IReadOnlyList<string> Fixes, string? Refusal)
{
    public bool IsFixed => Record is not null && Fixes.Count > 0;
}

/// <summary>
/// The field rules of checkin/add_checkin_record (developer.work.weixin.qq.com/document/path/99647), applied before a
/// record is sent because WeCom refuses the whole batch of up to 200 for one bad record. Whatever can be repaired
/// without inventing data is repaired (an optional field dropped or cut); a record whose required fields are wrong
/// is refused. Lengths are counted in UTF-16 code units, which is never fewer than the characters WeCom counts.
/// </summary>
public static partial class CheckinRecordValidator
{
    public const int MaxTextLength = 1024;
    public const int MaxDeviceDetailLength = 40;
    public const int MaxMediaIds = 1;
    public const long MaxLatitude = 90_000_000;
    public const long MaxLongitude = 180_000_000;

    public static CheckinRecordCheck Check(WeComCheckinRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!Identifiers.IsUserId(record.UserId))
        {
            return Refuse("userid " + Identifiers.UserIdRule);
        }

        if (record.CheckinTime <= 0)
        {
            return Refuse("checkin_time must be a positive Unix time");
        }

        if (record.DeviceType is < 1 or > 3)
        {
            return Refuse("device_type must be 1 (门禁), 2 (考勤机) or 3 (其他)");
        }

        var fixes = new List<string>();
        var copy = new WeComCheckinRecord
        {
            UserId = record.UserId,
            CheckinTime = record.CheckinTime,
            DeviceType = record.DeviceType,
            LocationTitle = Cut(record.LocationTitle, MaxTextLength, "location_title", fixes),
            LocationDetail = Cut(record.LocationDetail, MaxTextLength, "location_detail", fixes),
            Notes = Cut(record.Notes, MaxTextLength, "notes", fixes),
            MediaIds = MediaIds(record.MediaIds, fixes),
            DeviceDetail = DeviceDetail(record.DeviceDetail, fixes),
        };
        (copy.WifiName, copy.WifiMac) = Wifi(record.WifiName, record.WifiMac, fixes);
        (copy.Latitude, copy.Longitude) = Position(record.Latitude, record.Longitude, fixes);
        return new CheckinRecordCheck(copy, fixes, null);
    }

    /// <summary>True for the exact form WeCom demands, <c>^[A-Fa-f0-9]{2}(:[A-Fa-f0-9]{2}){5}$</c>.</summary>
    public static bool IsWifiMac(string? text) => text is not null && WifiMacPattern().IsMatch(text);

    private static CheckinRecordCheck Refuse(string reason) => new(null, [], reason);

    private static string? Cut(string? text, int max, string field, List<string> fixes)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (text.Length <= max)
        {
            return text;
        }

        fixes.Add($"{field} cut to {max} characters");
        // Never leave half of a surrogate pair at the end: WeCom would see an invalid character.
        var end = char.IsHighSurrogate(text[max - 1]) ? max - 1 : max;
        return text[..end];
    }

    private static List<string>? MediaIds(List<string>? ids, List<string> fixes)
    {
        var present = ids?.Where(id => !string.IsNullOrEmpty(id)).ToList();
        if (present is null || present.Count == 0)
        {
            return null;
        }

        if (present.Count > MaxMediaIds)
        {
            fixes.Add($"mediaids kept the first of {present.Count}");
            return [present[0]];
        }

        return present;
    }

    // A brand name, not an identifier: anything longer than WeCom allows is not a brand, so it is dropped, not cut.
    private static string? DeviceDetail(string? detail, List<string> fixes)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return null;
        }

        if (detail.Length > MaxDeviceDetailLength || detail.Any(char.IsControl))
        {
            fixes.Add("device_detail dropped (not a brand of at most 40 characters)");
            return null;
        }

        return detail;
    }

    private static (string? Name, string? Mac) Wifi(string? name, string? mac, List<string> fixes)
    {
        var hasName = !string.IsNullOrEmpty(name);
        if (string.IsNullOrEmpty(mac))
        {
            if (hasName)
            {
                fixes.Add("wifiname dropped: no wifimac to go with it");
            }

            return (null, null);
        }

        // Placeholders are what a phone reports when it withholds the BSSID: sending one would claim a real access point.
        if (Bssid.Normalize(mac) is not { } normalized || Bssid.IsPlaceholder(normalized))
        {
            fixes.Add(hasName ? "wifiname and wifimac dropped: the BSSID is not a MAC address" : "wifimac dropped: not a MAC address");
            return (null, null);
        }

        if (!string.Equals(normalized, mac, StringComparison.Ordinal))
        {
            fixes.Add("wifimac written as xx:xx:xx:xx:xx:xx");
        }

        string? keptName = null;
        if (hasName)
        {
            keptName = Cut(name, MaxTextLength, "wifiname", fixes);
        }

        return (keptName, normalized);
    }

    private static (long? Latitude, long? Longitude) Position(long? latitude, long? longitude, List<string> fixes)
    {
        if (latitude is null && longitude is null)
        {
            return (null, null);
        }

        if (latitude is not { } lat || longitude is not { } lng || lat is < -MaxLatitude or > MaxLatitude || lng is < -MaxLongitude or > MaxLongitude)
        {
            fixes.Add("lat/lng dropped: not a complete GCJ-02 position × 1,000,000 within range");
            return (null, null);
        }

        return (lat, lng);
    }

    [GeneratedRegex("^[A-Fa-f0-9]{2}(:[A-Fa-f0-9]{2}){5}$", RegexOptions.CultureInvariant)]
    private static partial Regex WifiMacPattern();
}
