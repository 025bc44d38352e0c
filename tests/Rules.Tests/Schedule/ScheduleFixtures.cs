
namespace Attendance.Rules.Tests.Schedule;

/// <summary>Shifts and punches written the way HR and people say them: "09:05 in", "+1 06:00 out".</summary>
internal static class ScheduleFixtures
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    /// <summary>A Monday that is an ordinary workday in China.</summary>
    public static readonly DateOnly Monday = new(2026, 3, 2);

    /// <summary>09:00–18:00, lunch 12:00–13:00 deducted, 5 minutes grace both ways, 30/120 tiers.</summary>
    public static ShiftSpec Standard(
        string start = "09:00", string end = "18:00", int flexible = 0, bool requireCheckOut = true,
        OvertimeSpec? overtime = null, ClockRangeSpec? restBreak = null, bool noBreak = false) =>
        new("标准班", [new(start, end)], null, null, 5, 5, 30, 120, flexible,
            noBreak ? null : restBreak ?? new ClockRangeSpec("12:00", "13:00"), requireCheckOut, overtime);

    public static ShiftSpec TwoSegments() =>
        new("两头班", [new("09:00", "12:00"), new("13:00", "18:00")], null, null, 5, 5, 30, 120, 0, null, true, null);

    public static Shift Valid(ShiftSpec spec, string id = "day")
    {
        var errors = new FieldErrors();
        var shift = ShiftValidator.Validate(id, spec, errors);
        errors.IsEmpty.Should().BeTrue(string.Join("; ", errors.Items));
        return shift!;
    }

    /// <summary>"HH:mm[:ss] [in|out|auto]", optionally prefixed "+1 " for the next local day or "-1 " for the day before.</summary>
    public static DayPunch Punch(string text, DateOnly date, TimeZoneInfo zone)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var i = 0;
        var day = date;
        if (parts[0] is "+1" or "-1")
        {
            day = date.AddDays(int.Parse(parts[0], CultureInfo.InvariantCulture));
            i++;
        }

        var time = TimeOnly.Parse(parts[i], CultureInfo.InvariantCulture);
        var kind = parts.Length > i + 1 ? Enum.Parse<PunchKind>(parts[i + 1], ignoreCase: true) : PunchKind.Auto;
        return new DayPunch(At(day, time, zone), kind);
    }

    public static DateTimeOffset At(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static DateTimeOffset At(DateOnly day, string time, TimeZoneInfo? zone = null) =>
        At(day, TimeOnly.Parse(time, CultureInfo.InvariantCulture), zone ?? Shanghai);
}
