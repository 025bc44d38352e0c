using System.Globalization;

namespace Attendance.Rules.Sites;

/// <summary>Wi-Fi access point MAC addresses, compared tolerant of case and separators.</summary>
public static class Bssid
{
    /// <summary>
    /// Normalizes "AA-BB-CC-DD-EE-FF", "aa:bb:cc:dd:ee:ff", "aabb.ccdd.eeff" or "AABBCCDDEEFF" to
    /// "aa:bb:cc:dd:ee:ff"; null when the text is not six hex octets.
    /// </summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 32)
        {
            return null;
        }

        Span<char> hex = stackalloc char[12];
        var count = 0;
        foreach (var c in text.Trim())
        {
            if (c is ':' or '-' or '.' or ' ')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || count == 12)
            {
                return null;
            }

            hex[count++] = char.ToLowerInvariant(c);
        }

        if (count != 12)
        {
            return null;
        }

        return string.Create(17, hex.ToString(), static (dest, h) =>
        {
            for (var i = 0; i < 6; i++)
            {
                dest[i * 3] = h[i * 2];
                dest[(i * 3) + 1] = h[(i * 2) + 1];
                if (i < 5)
                {
                    dest[(i * 3) + 2] = ':';
                }
            }
        });
    }

    public static bool AreEqual(string? a, string? b)
    {
        var na = Normalize(a);
        return na is not null && string.Equals(na, Normalize(b), StringComparison.Ordinal);
    }

    /// <summary>True for the all-zero and broadcast addresses that some phones report when Wi-Fi info is denied.</summary>
    public static bool IsPlaceholder(string normalized) =>
        normalized is "00:00:00:00:00:00" or "ff:ff:ff:ff:ff:ff" or "02:00:00:00:00:00";

    internal static string Describe(int index) => string.Create(CultureInfo.InvariantCulture, $"wifi[{index}].bssid");
}
