using Attendance.Rules.Common;

namespace Attendance.Rules.Schedule;

/// <summary>Body of <c>POST /api/admin/assignments</c>. <c>shiftId</c> null means rest; <c>weekdays</c> omitted means
/// every day, following the work calendar's weekly pattern (see <see cref="Assignment.FollowsCalendar"/>).</summary>
public sealed record AssignmentSpec(
    string? UserId,
    long? DepartmentId,
    string? ShiftId,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyList<int>? Weekdays);

/// <summary>
/// A shift (or rest) for one employee or one department over a date range, on some weekdays.
/// <see cref="FollowsCalendar"/> is true when no weekdays were given: the assignment then covers all seven days but
/// the work calendar decides which of them are worked (weekly pattern, holidays, 调休). With explicit weekdays the
/// assignment's own weekdays replace the calendar's weekly pattern; holidays and make-up days still apply.
/// <see cref="Id"/> is the storage key, 0 until stored.
/// </summary>
public sealed record Assignment(
    string? UserId,
    long? DepartmentId,
    string? ShiftId,
    DateOnly From,
    DateOnly? To,
    int WeekdayMask,
    bool FollowsCalendar,
    long Id = 0)
{
    public const int AllWeekdays = 0b111_1111;

    public bool IsRest => ShiftId is null;

    public bool CoversDate(DateOnly date) => date >= From && (To is null || date <= To);

    public bool CoversWeekday(int isoWeekday) => (WeekdayMask & (1 << (isoWeekday - 1))) != 0;

    public bool Covers(DateOnly date) =>
        CoversDate(date) && CoversWeekday(date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek);

    public int[] Weekdays
    {
        get
        {
            var list = new List<int>(7);
            for (var d = 1; d <= 7; d++)
            {
                if (CoversWeekday(d))
                {
                    list.Add(d);
                }
            }

            return [.. list];
        }
    }

    public AssignmentSpec ToSpec() => new(UserId, DepartmentId, ShiftId, From, To, FollowsCalendar ? null : Weekdays);
}

public static class AssignmentValidator
{
    /// <param name="shiftExists">Optional check that <c>shiftId</c> names a stored shift.</param>
    public static Assignment? Validate(AssignmentSpec? spec, FieldErrors errors, Func<string, bool>? shiftExists = null)
    {
        if (spec is null)
        {
            errors.Add("$", "an assignment body is required");
            return null;
        }

        var hasUser = spec.UserId is not null;
        var hasDepartment = spec.DepartmentId is not null;
        if (hasUser == hasDepartment)
        {
            errors.Add("userId", "give exactly one of userId and departmentId");
        }
        else if (hasUser)
        {
            errors.Require(Identifiers.IsUserId(spec.UserId), "userId", Identifiers.UserIdRule);
        }
        else
        {
            errors.Require(Identifiers.IsDepartmentId(spec.DepartmentId!.Value), "departmentId", "must be a WeCom department id (a positive integer)");
        }

        if (spec.ShiftId is not null && errors.Require(Identifiers.IsSlug(spec.ShiftId), "shiftId", Identifiers.SlugRule))
        {
            errors.Require(shiftExists is null || shiftExists(spec.ShiftId), "shiftId", "no shift has this id");
        }

        errors.Require(spec.From is not null, "from", "is required");
        if (spec.From is { } from && spec.To is { } to)
        {
            errors.Require(to >= from, "to", "must not be before from");
        }

        var mask = Assignment.AllWeekdays;
        if (spec.Weekdays is { } days)
        {
            mask = 0;
            errors.Require(days.Count > 0, "weekdays", "must list at least one weekday, or be omitted for every day");
            for (var i = 0; i < days.Count; i++)
            {
                if (!errors.Require(days[i] is >= 1 and <= 7, $"weekdays[{i}]", "must be 1 (Monday) to 7 (Sunday)"))
                {
                    continue;
                }

                var bit = 1 << (days[i] - 1);
                errors.Require((mask & bit) == 0, "weekdays", "must not repeat a weekday");
                mask |= bit;
            }
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new Assignment(spec.UserId, spec.DepartmentId, spec.ShiftId, spec.From!.Value, spec.To, mask, spec.Weekdays is null);
    }
}
