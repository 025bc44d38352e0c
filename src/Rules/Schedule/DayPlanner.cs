using Attendance.Rules.Calendar;

namespace Attendance.Rules.Schedule;

/// <summary>What a date is for one employee once calendar and roster are combined.</summary>
public enum DayKind
{
    Workday,
    Rest,
    Holiday,
}

/// <summary>The plan of one employee's date: its kind, the shift to evaluate (only on workdays) and the calendar's
/// name for the date (e.g. 春节, 春节调休上班).</summary>
public readonly record struct DayPlan(DayKind Kind, string? ShiftId, string? CalendarName);

/// <summary>
/// Combines the work calendar with the roster:
/// - a holiday is a holiday whatever the roster says;
/// - on a weekly workday the roster's shift is worked; an assigned rest or no assignment is a rest day;
/// - on a weekly day off only an assignment with explicit weekdays (not <see cref="Assignment.FollowsCalendar"/>)
///   that names a shift makes it a workday;
/// - on a 调休 make-up workday the roster's shift is worked if it gives one; if it gives rest or nothing, the
///   employee works their normal-workday shift: the roster's shift for the first of Monday…Friday of the same
///   ISO week (Monday–Sunday) that has one, read from the roster alone (that Monday may itself be a holiday).
///   With no such shift the day stays a rest day.
/// </summary>
public static class DayPlanner
{
    public static DayPlan Plan(DateOnly date, WorkCalendar calendar, RosterResolver roster)
    {
        var day = calendar.Classify(date);
        if (day.Type == CalendarDayType.Holiday)
        {
            return new DayPlan(DayKind.Holiday, null, day.Name);
        }

        var match = roster.Resolve(date);
        return day.Type switch
        {
            CalendarDayType.Workday => Worked(match.ShiftId, day.Name),
            CalendarDayType.Rest => match.Assignment is { FollowsCalendar: false, ShiftId: { } id }
                ? new DayPlan(DayKind.Workday, id, day.Name)
                : new DayPlan(DayKind.Rest, null, day.Name),
            _ => Worked(match.ShiftId ?? NormalWorkdayShift(date, roster), day.Name),
        };
    }

    /// <summary>The shift of the first of Monday…Friday in <paramref name="date"/>'s ISO week that has one.</summary>
    public static string? NormalWorkdayShift(DateOnly date, RosterResolver roster)
    {
        var monday = date.AddDays(1 - WorkCalendar.IsoWeekday(date));
        for (var i = 0; i < 5; i++)
        {
            if (roster.Resolve(monday.AddDays(i)).ShiftId is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static DayPlan Worked(string? shiftId, string? name) =>
        shiftId is null ? new DayPlan(DayKind.Rest, null, name) : new DayPlan(DayKind.Workday, shiftId, name);
}
