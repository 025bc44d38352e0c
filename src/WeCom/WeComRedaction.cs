using System.Text.RegularExpressions;

namespace Attendance.WeCom;

/// <summary>Masks secrets that WeCom puts in query strings, so URLs can be logged.</summary>
public static partial class WeComRedaction
{
    public const string Mask = "***";

    /// <summary>Replaces the values of access_token, corpsecret and key with ***.</summary>
    public static string Redact(string? url)
    {
        if (string.IsNullOrEmpty(url))
            return "";
        return SecretParameter().Replace(url, m => m.Groups[1].Value + Mask);
    }

    [GeneratedRegex(@"([?&;](?:access_token|corpsecret|key)=)[^&#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();
}
