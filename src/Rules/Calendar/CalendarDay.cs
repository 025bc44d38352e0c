using Attendance.Rules.Common;

namespace Attendance.Rules.Calendar;

/// <summary>What an entry of the calendar says about a date. <see cref="Rest"/> is an extension of the contract's
/// <c>holiday|workday</c>: it lets HR cancel a seeded make-up workday without calling the day a holiday.</summary>
public enum CalendarEntryKind
{
    Holiday,
    Workday,
    Rest,
}

/// <summary>One dated entry: a statutory holiday, a 调休 make-up workday, or an HR override of either.</summary>
public sealed record CalendarDay(DateOnly Date, CalendarEntryKind Kind, string Name);

/// <summary>Body of <c>PUT /api/admin/calendar/{date}</c>.</summary>
public sealed record CalendarDaySpec(string? Kind, string? Name);

public static class CalendarDayValidator
{
    public static CalendarDay? Validate(DateOnly date, CalendarDaySpec? spec, FieldErrors errors)
    {
        if (spec is null)
        {
            errors.Add("$", "a calendar day body is required");
            return null;
        }

        CalendarEntryKind? kind = spec.Kind?.Trim().ToLowerInvariant() switch
        {
            "holiday" => CalendarEntryKind.Holiday,
            "workday" => CalendarEntryKind.Workday,
            "rest" => CalendarEntryKind.Rest,
            _ => null,
        };
        errors.Require(kind is not null, "kind", "must be holiday, workday or rest");
        string? name = null;
        if (!string.IsNullOrWhiteSpace(spec.Name))
        {
            errors.RequireText(spec.Name, "name", 32);
            name = spec.Name.Trim();
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new CalendarDay(date, kind!.Value, name ?? DefaultName(kind.Value));
    }

    public static string DefaultName(CalendarEntryKind kind) => kind switch
    {
        CalendarEntryKind.Holiday => "节假日",
        CalendarEntryKind.Workday => "调休上班",
        _ => "休息日",
    };

    public static string KindName(CalendarEntryKind kind) => kind switch
    {
        CalendarEntryKind.Holiday => "holiday",
        CalendarEntryKind.Workday => "workday",
        _ => "rest",
    };
}
