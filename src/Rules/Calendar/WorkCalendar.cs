namespace Attendance.Rules.Calendar;

/// <summary>How the calendar classifies one date, before any roster is consulted.</summary>
public enum CalendarDayType
{
    /// <summary>A weekday of the weekly pattern.</summary>
    Workday,

    /// <summary>A day off of the weekly pattern (normally Saturday and Sunday), or an entry of kind rest.</summary>
    Rest,

    Holiday,

    /// <summary>调休: a day off of the weekly pattern on which people work.</summary>
    MakeUpWorkday,
}

public readonly record struct CalendarClassification(CalendarDayType Type, string? Name);

/// <summary>
/// Weekly pattern plus dated entries. Entries given later win over earlier ones for the same date, so
/// <see cref="China"/> puts HR overrides after the seeded official dates.
/// </summary>
public sealed class WorkCalendar
{
    private readonly Dictionary<DateOnly, CalendarDay> _entries = [];
    private readonly bool[] _weeklyWorkday = new bool[7];

    /// <param name="weeklyWorkdays">ISO weekdays (1 = Monday … 7 = Sunday) that are workdays; default Monday–Friday.</param>
    public WorkCalendar(IEnumerable<CalendarDay> entries, IEnumerable<int>? weeklyWorkdays = null)
    {
        foreach (var day in weeklyWorkdays ?? [1, 2, 3, 4, 5])
        {
            if (day is < 1 or > 7)
            {
                throw new ArgumentOutOfRangeException(nameof(weeklyWorkdays), day, "weekdays are 1 (Monday) to 7 (Sunday)");
            }

            _weeklyWorkday[day - 1] = true;
        }

        foreach (var entry in entries)
        {
            _entries[entry.Date] = entry;
        }
    }

    /// <summary>The official 2025 and 2026 China dates with <paramref name="overrides"/> (HR edits) on top.</summary>
    public static WorkCalendar China(IEnumerable<CalendarDay>? overrides = null, IEnumerable<int>? weeklyWorkdays = null) =>
        new(overrides is null ? ChinaHolidays.All : ChinaHolidays.All.Concat(overrides), weeklyWorkdays);

    public bool IsWeeklyWorkday(DateOnly date) => _weeklyWorkday[IsoWeekday(date) - 1];

    public CalendarClassification Classify(DateOnly date)
    {
        var weekly = IsWeeklyWorkday(date);
        if (!_entries.TryGetValue(date, out var entry))
        {
            return new CalendarClassification(weekly ? CalendarDayType.Workday : CalendarDayType.Rest, null);
        }

        return entry.Kind switch
        {
            CalendarEntryKind.Holiday => new(CalendarDayType.Holiday, entry.Name),
            CalendarEntryKind.Rest => new(CalendarDayType.Rest, entry.Name),
            _ => new(weekly ? CalendarDayType.Workday : CalendarDayType.MakeUpWorkday, entry.Name),
        };
    }

    public static int IsoWeekday(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
}
