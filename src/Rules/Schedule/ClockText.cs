using System.Globalization;

namespace Attendance.Rules.Schedule;

/// <summary>The <c>"HH:mm"</c> wall-clock text of shifts, parsed by hand: it runs on every shift load.</summary>
public static class ClockText
{
    public const string Rule = "must be a time of day as HH:mm, e.g. 09:00";

    /// <summary>Minutes since midnight (0–1439) of <c>"HH:mm"</c>; <c>"H:mm"</c> is accepted too.</summary>
    public static bool TryParse(string? text, out int minuteOfDay)
    {
        minuteOfDay = 0;
        var s = text.AsSpan().Trim();
        var colon = s.IndexOf(':');
        if (colon is < 1 or > 2 || s.Length != colon + 3)
        {
            return false;
        }

        if (!TryDigits(s[..colon], out var hours) || !TryDigits(s[(colon + 1)..], out var minutes) || hours > 23 || minutes > 59)
        {
            return false;
        }

        minuteOfDay = (hours * 60) + minutes;
        return true;
    }

    /// <summary>Formats a minute of the work date; a minute past midnight of the next day prints as its clock time.</summary>
    public static string Format(int minute)
    {
        var m = ((minute % 1440) + 1440) % 1440;
        return string.Create(CultureInfo.InvariantCulture, $"{m / 60:00}:{m % 60:00}");
    }

    private static bool TryDigits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return s.Length > 0;
    }
}
