namespace Attendance.Rules.Schedule;

/// <summary>One employee's month, for payroll exports and the monthly report.</summary>
public sealed record MonthlySummary
{
    public required string UserId { get; init; }

    /// <summary>Workdays while employed (leave days included).</summary>
    public int ExpectedWorkdays { get; init; }

    /// <summary>Expected workdays with at least one counted punch that were neither absent nor full leave.</summary>
    public int PresentDays { get; init; }

    public int LateCount { get; init; }

    public int LateMinutes { get; init; }

    /// <summary>Days late beyond the serious-late threshold (included in <see cref="LateCount"/>).</summary>
    public int SeriousLateCount { get; init; }

    public int EarlyLeaveCount { get; init; }

    public int EarlyLeaveMinutes { get; init; }

    public int MissingPunches { get; init; }

    public int AbsentDays { get; init; }

    /// <summary>Workdays wholly on leave.</summary>
    public int LeaveDays { get; init; }

    public int LeaveMinutes { get; init; }

    public int WorkedMinutes { get; init; }

    public int OvertimeMinutes { get; init; }

    /// <summary>Overtime in hours, rounded to 0.01 h (half away from zero) as payroll sheets show it.</summary>
    public decimal OvertimeHours => Math.Round(OvertimeMinutes / 60m, 2, MidpointRounding.AwayFromZero);

    public int FieldPunches { get; init; }

    public int LocationExceptions { get; init; }

    /// <summary>Days of the month not yet final (re-run the report after the finalize job).</summary>
    public int PendingDays { get; init; }

    /// <summary>Workdays whose outcome waits on a person's decision about a flagged punch (pending_review): never absent.</summary>
    public int ReviewDays { get; init; }

    /// <summary>Adds up <paramref name="days"/>, which must all be <paramref name="userId"/>'s.</summary>
    public static MonthlySummary Of(string userId, IReadOnlyList<DayResult> days)
    {
        int expected = 0, present = 0, lateCount = 0, late = 0, serious = 0, earlyCount = 0, early = 0, missing = 0, absent = 0,
            leaveDays = 0, leave = 0, worked = 0, overtime = 0, field = 0, exceptions = 0, pending = 0, review = 0;
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            field += d.FieldPunches;
            exceptions += d.LocationExceptions;
            pending += d.IsFinal ? 0 : 1;
            if (!d.Employed || d.Kind != DayKind.Workday || d.ShiftId is null)
            {
                continue;
            }

            expected++;
            var a = d.Anomalies;
            var isAbsent = (a & DayAnomalies.Absent) != 0;
            absent += isAbsent ? 1 : 0;
            leaveDays += d.Status == DayStatus.Leave ? 1 : 0;
            review += d.Status == DayStatus.PendingReview ? 1 : 0;
            present += !isAbsent && d.Status != DayStatus.Leave && (d.FirstIn is not null || d.LastOut is not null) ? 1 : 0;
            lateCount += (a & (DayAnomalies.Late | DayAnomalies.SeriousLate)) != 0 ? 1 : 0;
            serious += (a & DayAnomalies.SeriousLate) != 0 ? 1 : 0;
            late += d.LateMinutes;
            earlyCount += (a & DayAnomalies.EarlyLeave) != 0 ? 1 : 0;
            early += d.EarlyLeaveMinutes;
            missing += d.MissingPunches;
            leave += d.LeaveMinutes;
            worked += d.WorkedMinutes;
            overtime += d.OvertimeMinutes;
        }

        return new MonthlySummary
        {
            UserId = userId,
            ExpectedWorkdays = expected,
            PresentDays = present,
            LateCount = lateCount,
            LateMinutes = late,
            SeriousLateCount = serious,
            EarlyLeaveCount = earlyCount,
            EarlyLeaveMinutes = early,
            MissingPunches = missing,
            AbsentDays = absent,
            LeaveDays = leaveDays,
            LeaveMinutes = leave,
            WorkedMinutes = worked,
            OvertimeMinutes = overtime,
            FieldPunches = field,
            LocationExceptions = exceptions,
            PendingDays = pending,
            ReviewDays = review,
        };
    }

    /// <summary>Groups a month of many employees' days (any order) and sums each; ordered by userid.</summary>
    public static IReadOnlyList<MonthlySummary> ByEmployee(IEnumerable<DayResult> days)
    {
        var groups = new SortedDictionary<string, List<DayResult>>(StringComparer.Ordinal);
        foreach (var d in days)
        {
            if (!groups.TryGetValue(d.UserId, out var list))
            {
                groups[d.UserId] = list = [];
            }

            list.Add(d);
        }

        var result = new List<MonthlySummary>(groups.Count);
        foreach (var (userId, list) in groups)
        {
            result.Add(Of(userId, list));
        }

        return result;
    }
}
