using System.Globalization;
using System.Text.RegularExpressions;

namespace Attendance.Rules.Commands;

/// <summary>Dates, ranges, months and times as people type them in chat, relative to today.</summary>
public static partial class ChatDates
{
    private static readonly string[] RangeSeparators = ["至", "到", "~", "—", "–", "－"];

    public static bool TryParseRange(string text, DateOnly today, out DateRange range)
    {
        range = default;
        text = text.Replace(" ", "", StringComparison.Ordinal);
        if (text.Length == 0 || text.Length > 40)
        {
            return false;
        }

        switch (text)
        {
            case "本周" or "这周" or "thisweek":
                range = new DateRange(MondayOf(today), today);
                return true;
            case "上周" or "lastweek":
                var monday = MondayOf(today).AddDays(-7);
                range = new DateRange(monday, monday.AddDays(6));
                return true;
            case "本月" or "这个月" or "thismonth":
                range = new DateRange(new DateOnly(today.Year, today.Month, 1), today);
                return true;
            case "上月" or "上个月" or "lastmonth":
                var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
                range = new DateRange(first, first.AddMonths(1).AddDays(-1));
                return true;
        }

        if (TryParseDate(text, today, out var single))
        {
            range = DateRange.Day(single);
            return true;
        }

        foreach (var separator in RangeSeparators.Append("-"))
        {
            for (var at = text.IndexOf(separator, StringComparison.Ordinal); at > 0; at = text.IndexOf(separator, at + 1, StringComparison.Ordinal))
            {
                if (TryParseDate(text[..at], today, out var from) && TryParseDate(text[(at + separator.Length)..], today, out var to) && from <= to)
                {
                    range = new DateRange(from, to);
                    return true;
                }
            }
        }

        return false;
    }

    public static bool TryParseDate(string text, DateOnly today, out DateOnly date)
    {
        date = default;
        switch (text)
        {
            case "今天" or "today": date = today; return true;
            case "昨天" or "yesterday": date = today.AddDays(-1); return true;
            case "前天": date = today.AddDays(-2); return true;
        }

        var full = FullDate().Match(text);
        if (full.Success)
        {
            return TryDate(Int(full.Groups["y"]), Int(full.Groups["m"]), Int(full.Groups["d"]), out date);
        }

        var partial = MonthDay().Match(text);
        if (partial.Success && TryDate(today.Year, Int(partial.Groups["m"]), Int(partial.Groups["d"]), out date))
        {
            // Without a year people mean the most recent such date: in January, "12月30日" is last December.
            if (date > today)
            {
                date = date.AddYears(-1);
            }

            return true;
        }

        return false;
    }

    public static bool TryParseMonth(string text, DateOnly today, out int year, out int month)
    {
        (year, month) = (0, 0);
        switch (text)
        {
            case "本月" or "这个月" or "thismonth": (year, month) = (today.Year, today.Month); return true;
            case "上月" or "上个月" or "lastmonth":
                var last = today.AddMonths(-1);
                (year, month) = (last.Year, last.Month);
                return true;
        }

        var match = YearMonth().Match(text);
        if (match.Success)
        {
            year = match.Groups["y"].Success ? Int(match.Groups["y"]) : today.Year;
            month = Int(match.Groups["m"]);
            if (!match.Groups["y"].Success && month > today.Month)
            {
                year--;
            }

            return month is >= 1 and <= 12 && year is >= 2000 and <= 2100;
        }

        return false;
    }

    /// <summary>"08:30", "8:30", "8点", "8点30", "8点30分", "8点半".</summary>
    public static bool TryParseTime(string text, out TimeOnly time)
    {
        time = default;
        var match = ClockTime().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var hour = Int(match.Groups["h"]);
        var minute = match.Groups["half"].Success ? 30 : match.Groups["m"].Success ? Int(match.Groups["m"]) : 0;
        if (hour > 23 || minute > 59)
        {
            return false;
        }

        time = new TimeOnly(hour, minute);
        return true;
    }

    private static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    private static bool TryDate(int year, int month, int day, out DateOnly date)
    {
        date = default;
        if (year is < 2000 or > 2100 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static int Int(Group group) => int.Parse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<y>\d{4})(?:[-/.]|年)(?<m>\d{1,2})(?:[-/.]|月)(?<d>\d{1,2})(?:日|号)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FullDate();

    [GeneratedRegex(@"^(?:(?<m>\d{1,2})月(?<d>\d{1,2})(?:日|号)?|(?<m>\d{1,2})/(?<d>\d{1,2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"^(?:(?<y>\d{4})(?:[-/.]|年))?(?<m>\d{1,2})(?:月(?:份)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YearMonth();

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::(?<m>\d{2})|点(?:(?<half>半)|(?<m>\d{1,2})分?)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex ClockTime();
}
