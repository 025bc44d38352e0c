using Attendance.BotHost.Configuration;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Days;

/// <summary>The evaluated days of a run, with the employees they belong to.</summary>
public sealed record DayRun(IReadOnlyList<DayResult> Days, IReadOnlyList<Employee> Employees, ScheduleSnapshot Schedule);

/// <summary>
/// Evaluates working days and stores them. Each run reads every input table once for its whole date range
/// (employees, departments, shifts, assignments, calendar, punches, approved 补卡, leave), evaluates in memory and
/// writes all results in one transaction.
/// </summary>
public sealed class DayService(
    DayInputRepository inputs,
    ShiftRepository shifts,
    AssignmentRepository assignments,
    CalendarRepository calendar,
    LeaveRepository leaves,
    CorrectionRepository corrections,
    DepartmentRepository departments,
    DayResultRepository results,
    CompanyClock clock,
    TimeProvider time)
{
    /// <summary>How far back a roster change is re-evaluated; older days stay as they were finalized.</summary>
    public const int RecomputeDaysBack = 62;

    public async Task<ScheduleSnapshot> LoadScheduleAsync(CancellationToken cancellationToken = default)
    {
        return new ScheduleSnapshot(await shifts.ListAsync(cancellationToken), await assignments.ListAsync(cancellationToken: cancellationToken),
            await calendar.LoadCalendarAsync(cancellationToken), await departments.ListAsync(cancellationToken), clock.Zone, clock.DayBoundary);
    }

    public Task<IReadOnlyList<Employee>> ListEmployeesAsync(DateOnly from, CancellationToken cancellationToken = default) =>
        inputs.ListEmployeesAsync(from, cancellationToken: cancellationToken);

    /// <summary>Today's work date in the company zone.</summary>
    public DateOnly Today() => clock.Today();

    public Task<DayRun> EvaluateAsync(DateOnly date, string? userId = null, CancellationToken cancellationToken = default) =>
        EvaluateRangeAsync(date, date, userId is null ? null : [userId], cancellationToken);

    /// <summary>Evaluates and stores [from, to] for the given employees (null: everyone employed around then).</summary>
    public async Task<DayRun> EvaluateRangeAsync(DateOnly from, DateOnly to, IReadOnlyCollection<string>? userIds,
        CancellationToken cancellationToken = default)
    {
        var schedule = await LoadScheduleAsync(cancellationToken);
        var single = userIds is { Count: 1 } ? userIds.First() : null;
        var employees = (await inputs.ListEmployeesAsync(from, single, cancellationToken)).ToList();
        if (userIds is { Count: > 1 })
        {
            var wanted = new HashSet<string>(userIds, StringComparer.OrdinalIgnoreCase);
            employees.RemoveAll(e => !wanted.Contains(e.UserId));
        }

        if (employees.Count == 0)
        {
            return new DayRun([], [], schedule);
        }

        var punches = (await inputs.ListPunchesAsync(from.AddDays(-1), to.AddDays(1), single, cancellationToken))
            .GroupBy(p => p.UserId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var fixes = (await corrections.ListApprovedAsync(from.AddDays(-1), to.AddDays(1), single, cancellationToken))
            .GroupBy(c => c.UserId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        var leaveFrom = WorkDates.LocalToUtc(from.AddDays(-2), 0, schedule.CompanyZone);
        var leaveTo = WorkDates.LocalToUtc(to.AddDays(3), 0, schedule.CompanyZone);
        var away = (await leaves.ListOverlappingAsync(leaveFrom, leaveTo, single, cancellationToken))
            .Where(l => l.Approved)
            .GroupBy(l => l.UserId, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<LeaveInterval>)[.. g.Select(l => new LeaveInterval(l.From, l.To))], StringComparer.OrdinalIgnoreCase);

        var now = time.GetUtcNow();
        var days = new List<DayResult>(employees.Count * (to.DayNumber - from.DayNumber + 1));
        var dayPunches = new List<DayPunch>(8);
        var reviewPunches = new List<DayPunch>(2);
        foreach (var employee in employees)
        {
            var zone = schedule.ZoneFor(employee);
            var mine = punches.GetValueOrDefault(employee.UserId);
            var myFixes = fixes.GetValueOrDefault(employee.UserId);
            var myLeave = away.GetValueOrDefault(employee.UserId) ?? [];
            for (var date = from; date <= to; date = date.AddDays(1))
            {
                var (plan, shift) = schedule.Plan(employee, date);
                dayPunches.Clear();
                reviewPunches.Clear();
                int review = 0, field = 0, exceptions = 0;
                if (mine is not null)
                {
                    foreach (var p in mine)
                    {
                        // Neighbouring dates' punches are passed too: only those inside this date's windows count. A day
                        // without a shift has no windows and reports what it is given, so it gets its own punches only (a
                        // Sunday would otherwise show Monday morning's punch).
                        var near = shift is null ? p.WorkDate == date : Math.Abs(p.WorkDate.DayNumber - date.DayNumber) <= 1;
                        if (near && (p.Counts || p.AwaitsReview))
                        {
                            (p.Counts ? dayPunches : reviewPunches).Add(new DayPunch(p.CaptureTime, p.Kind));
                        }

                        if (p.WorkDate == date)
                        {
                            review += p.AwaitsReview ? 1 : 0;
                            field += p.Counts && p.IsField ? 1 : 0;
                            exceptions += p.Counts && p.IsLocationException ? 1 : 0;
                        }
                    }
                }

                if (myFixes is not null)
                {
                    foreach (var c in myFixes)
                    {
                        if (c.WorkDate == date)
                        {
                            dayPunches.Add(new DayPunch(c.Time, c.Kind));
                        }
                    }
                }

                days.Add(DayEvaluator.Evaluate(new DayInput
                {
                    UserId = employee.UserId,
                    WorkDate = date,
                    Kind = plan.Kind,
                    Shift = shift,
                    JoinedOn = employee.JoinedOn,
                    LeftOn = employee.LeftOn,
                    Punches = [.. dayPunches],
                    ReviewPunches = reviewPunches.Count == 0 ? [] : [.. reviewPunches],
                    Leaves = myLeave,
                    PunchesInReview = review,
                    FieldPunches = field,
                    LocationExceptions = exceptions,
                    TimeZone = zone,
                    DayBoundary = schedule.Boundary,
                    Now = now,
                }));
            }
        }

        await results.UpsertManyAsync(days, now, cancellationToken);
        return new DayRun(days, employees, schedule);
    }

    /// <summary>Re-evaluates the days an input change touched, up to today (nothing is stored ahead of time). A
    /// <paramref name="bounded"/> change (a roster edit, which may span years) only reaches back
    /// <see cref="RecomputeDaysBack"/> days; a dated change (import, 补卡, calendar day, leave) reaches its dates.</summary>
    public async Task RecomputeAsync(DateOnly from, DateOnly? to, IReadOnlyCollection<string>? userIds, bool bounded = false,
        CancellationToken cancellationToken = default)
    {
        var today = Today();
        var start = bounded && from < today.AddDays(-RecomputeDaysBack) ? today.AddDays(-RecomputeDaysBack) : from;
        var end = to is null || to > today ? today : to.Value;
        if (start <= end)
        {
            await EvaluateRangeAsync(start, end, userIds, cancellationToken);
        }
    }

    /// <summary>Stored days of [from, to]; whoever has no stored day there, or a day not yet final, is evaluated now
    /// (up to today). For everyone, "whoever" is each employee employed around <paramref name="from"/>: someone added
    /// after a date was finalized still gets that date.</summary>
    public async Task<IReadOnlyList<DayResult>> EnsureAsync(DateOnly from, DateOnly to, string? userId, CancellationToken cancellationToken = default)
    {
        var today = Today();
        var stored = userId is null
            ? await results.ListForDatesAsync(from, to, cancellationToken)
            : await results.ListForUserAsync(userId, from, to, cancellationToken);
        var byDate = stored.ToLookup(d => d.WorkDate);
        var expected = userId is null
            ? [.. (await inputs.ListEmployeesAsync(from, cancellationToken: cancellationToken)).Select(e => e.UserId)]
            : new[] { userId };
        var stale = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        DateOnly? first = null, last = null;
        for (var date = from; date <= to && date <= today; date = date.AddDays(1))
        {
            var final = byDate[date].Where(d => d.IsFinal).Select(d => d.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var before = stale.Count;
            var missing = false;
            foreach (var user in expected)
            {
                if (!final.Contains(user))
                {
                    stale.Add(user);
                    missing = true;
                }
            }

            if (missing || stale.Count != before)
            {
                first ??= date;
                last = date;
            }
        }

        if (first is null)
        {
            return stored;
        }

        await EvaluateRangeAsync(first.Value, last!.Value, stale, cancellationToken);
        return userId is null
            ? await results.ListForDatesAsync(from, to, cancellationToken)
            : await results.ListForUserAsync(userId, from, to, cancellationToken);
    }
}
