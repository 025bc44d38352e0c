using Attendance.Rules.Punching;

namespace Attendance.Rules.Schedule;

/// <summary>A punch that counts for the day: accepted, or an approved 补卡 at its corrected time.</summary>
public readonly record struct DayPunch(DateTimeOffset At, PunchKind Kind);

/// <summary>Approved leave, as an interval of instants (a full day of leave covers the whole shift).</summary>
public readonly record struct LeaveInterval(DateTimeOffset From, DateTimeOffset To);

/// <summary>Everything <see cref="DayEvaluator"/> needs for one employee's work date; nothing is looked up.</summary>
public sealed class DayInput
{
    public required string UserId { get; init; }

    public required DateOnly WorkDate { get; init; }

    /// <summary>From <see cref="DayPlanner.Plan"/>. A workday without a shift is evaluated as a rest day.</summary>
    public required DayKind Kind { get; init; }

    public Shift? Shift { get; init; }

    public DateOnly? JoinedOn { get; init; }

    public DateOnly? LeftOn { get; init; }

    /// <summary>Counted punches of the work date, in any order. On a workday only those inside the shift's punch
    /// windows count, so passing a neighbouring day's punches too is harmless.</summary>
    public IReadOnlyList<DayPunch> Punches { get; init; } = [];

    public IReadOnlyList<LeaveInterval> Leaves { get; init; } = [];

    /// <summary>Punches waiting for a reviewer (neighbouring dates' too, like <see cref="Punches"/>). The day is
    /// evaluated without them; when counting them would change its outcome, it is pending_review.</summary>
    public IReadOnlyList<DayPunch> ReviewPunches { get; init; } = [];

    /// <summary>Punches waiting for a reviewer; while there are any the day is not final.</summary>
    public int PunchesInReview { get; init; }

    public int FieldPunches { get; init; }

    public int LocationExceptions { get; init; }

    /// <summary>The zone of the employee's department (default Asia/Shanghai at the caller).</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    public TimeOnly DayBoundary { get; init; } = WorkDates.DefaultBoundary;

    /// <summary>The evaluation time, from the caller's TimeProvider: anomalies that depend on a punch not having
    /// happened are only reported once it can no longer happen in time.</summary>
    public required DateTimeOffset Now { get; init; }
}
