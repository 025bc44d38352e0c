using System.Text.RegularExpressions;

namespace Attendance.BotHost.AdminConsole;

/// <summary>
/// The <c>Console</c> configuration section: what the HR console may use beyond its own origin. Only
/// <see cref="TencentMapKey"/> so far: with it, the 打卡地点 page offers Tencent's location picker (地图选点组件, an
/// iframe at <see cref="MapPickerOrigin"/> that posts the picked point, in GCJ-02, back to the page) and the console's
/// CSP allows that one frame origin; without it the console stays own-origin only and sites are entered as coordinates.
/// </summary>
public sealed partial class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The origin of Tencent's location picker, the only origin the console may frame.</summary>
    public const string MapPickerOrigin = "https://mapapi.qq.com";

    /// <summary>The key of a Tencent location-service (腾讯位置服务) app; empty: no map picker.</summary>
    public string? TencentMapKey { get; set; }

    public bool HasMapPicker => !string.IsNullOrWhiteSpace(TencentMapKey);

    /// <summary>The picker's URL for this key (<c>type=1</c>: it posts the choice to the parent page instead of navigating).</summary>
    public string? MapPickerUrl => HasMapPicker
        ? $"{MapPickerOrigin}/web/mapComponents/locationPicker/v/index.html?search=1&type=1&key={Uri.EscapeDataString(TencentMapKey!.Trim())}&referer=attendance-console"
        : null;

    public IEnumerable<string> Validate()
    {
        if (HasMapPicker && !KeyShape().IsMatch(TencentMapKey!.Trim()))
        {
            yield return $"{Section}:{nameof(TencentMapKey)} must be a Tencent location-service key (letters, digits and hyphens, " +
                         "e.g. ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345), or empty for no map picker.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]{10,64}$")]
    private static partial Regex KeyShape();
}
