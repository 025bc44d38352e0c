using System.Globalization;
using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data;
using Attendance.Data.Schedule;
using Attendance.Rules.Calendar;
using Attendance.Rules.Common;
using Attendance.Rules.Schedule;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Days;

public sealed record AssignmentView(long Id, string? UserId, long? DepartmentId, string? ShiftId, DateOnly From, DateOnly? To,
    IReadOnlyList<int>? Weekdays)
{
    public static AssignmentView Of(Assignment a)
    {
        var spec = a.ToSpec();
        return new AssignmentView(a.Id, a.UserId, a.DepartmentId, a.ShiftId, a.From, a.To, spec.Weekdays);
    }
}

/// <summary>A shift as the API shows it: its id and its spec with every default filled in.</summary>
public sealed record ShiftView(string Id, string? Name, IReadOnlyList<ClockRangeSpec>? Segments, int? CheckInOpensMinutesBefore,
    int? CheckOutClosesMinutesAfter, int? LateGraceMinutes, int? EarlyLeaveGraceMinutes, int? SeriousLateMinutes, int? AbsentLateMinutes,
    int? FlexibleMinutes, ClockRangeSpec? RestBreak, bool? RequireCheckOut, OvertimeSpec? Overtime);

public sealed record CalendarEntryView(DateOnly Date, string Kind, string Name, string Source);

/// <summary>Shifts, assignments (rosters) and the work calendar under <c>/api/admin</c>.</summary>
public static class ScheduleEndpoints
{
    public static void MapScheduleApi(this ApiGroups groups)
    {
        var admin = groups.Admin;
        admin.MapPut("/shifts/{id}", PutShiftAsync).WithSummary("Create or replace a shift; rostered days are re-evaluated.");
        admin.MapGet("/shifts/{id}", GetShiftAsync).WithSummary("Get one shift.");
        admin.MapGet("/shifts", ListShiftsAsync).WithSummary("List the shifts.");
        admin.MapDelete("/shifts/{id}", DeleteShiftAsync).WithSummary("Delete a shift.");
        admin.MapPost("/assignments", AddAssignmentAsync).WithSummary("Roster a shift to an employee or a department from a date.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapGet("/assignments", ListAssignmentsAsync).WithSummary("List rosters, by employee or department.");
        admin.MapDelete("/assignments/{id:long}", DeleteAssignmentAsync).WithSummary("Delete a roster; its days are re-evaluated.");
        admin.MapPut("/calendar/{date}", PutCalendarDayAsync).WithSummary("Override one calendar day (holiday, make-up workday).");
        admin.MapDelete("/calendar/{date}", DeleteCalendarDayAsync).WithSummary("Remove an override; the shipped calendar applies to that date again.");
        admin.MapGet("/calendar", GetCalendarAsync).WithSummary("The work calendar of a year: seeded holidays and overrides.");
        groups.MapRosterApi();
    }

    public static async Task<Results<Created<ShiftView>, Ok<ShiftView>>> PutShiftAsync(string id, JsonBody<ShiftSpec> body, ShiftRepository repo,
        AssignmentRepository assignments, DayService days, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var shift = AdminResults.Valid(ShiftValidator.Validate(id, body.Value, errors), errors);
        var outcome = await repo.UpsertAsync(shift, Caller.From(http).Actor, ct);
        if (outcome == UpsertOutcome.Updated)
        {
            await RecomputeShiftAsync(shift.Id, assignments, days, ct);
        }

        return AdminResults.Put(outcome, $"/api/admin/shifts/{shift.Id}", ShiftView(shift));
    }

    public static async Task<Results<Ok<ShiftView>, ProblemHttpResult>> GetShiftAsync(string id, ShiftRepository repo, CancellationToken ct) =>
        RequireSlug(id) && await repo.GetAsync(id, ct) is { } s ? TypedResults.Ok(ShiftView(s)) : AdminResults.NotFound($"Shift {id}");

    public static async Task<Ok<IEnumerable<ShiftView>>> ListShiftsAsync(ShiftRepository repo, CancellationToken ct) =>
        TypedResults.Ok((await repo.ListAsync(ct)).Select(ShiftView));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteShiftAsync(string id, ShiftRepository repo, HttpContext http, CancellationToken ct) =>
        RequireSlug(id) && await repo.DeleteAsync(id, Caller.From(http).Actor, ct) ? TypedResults.NoContent() : AdminResults.NotFound($"Shift {id}");

    public static async Task<Results<Created<AssignmentView>, ProblemHttpResult>> AddAssignmentAsync(JsonBody<AssignmentSpec> body, ShiftRepository shifts,
        AssignmentRepository repo, DayService days, HttpContext http, CancellationToken ct)
    {
        var known = (await shifts.ListAsync(ct)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var errors = new FieldErrors();
        var assignment = AdminResults.Valid(AssignmentValidator.Validate(body.Value, errors, known.Contains), errors);
        var result = await repo.AddAsync(assignment, Caller.From(http).Actor, ct);
        if (result.Stored is not { } stored)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: result.Conflict, detail: result.Conflict,
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["from"] = [result.Conflict!] } });
        }

        await days.RecomputeAsync(stored.From, stored.To, stored.UserId is { } u ? [u] : null, bounded: true, ct);
        return TypedResults.Created($"/api/admin/assignments/{stored.Id}", AssignmentView.Of(stored));
    }

    public static async Task<Ok<IEnumerable<AssignmentView>>> ListAssignmentsAsync(string? userId, long? departmentId, AssignmentRepository repo,
        CancellationToken ct)
    {
        AdminResults.Filters(("userId", userId, 64));
        return TypedResults.Ok((await repo.ListAsync(userId, departmentId, ct)).Select(AssignmentView.Of));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAssignmentAsync(long id, AssignmentRepository repo, DayService days,
        HttpContext http, CancellationToken ct)
    {
        if (await repo.DeleteAsync(id, Caller.From(http).Actor, ct) is not { } gone)
        {
            return AdminResults.NotFound($"Assignment {id}");
        }

        await days.RecomputeAsync(gone.From, gone.To, gone.UserId is { } u ? [u] : null, bounded: true, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<CalendarEntryView>, Ok<CalendarEntryView>>> PutCalendarDayAsync(string date, JsonBody<CalendarDaySpec> body,
        CalendarRepository repo, DayService days, HttpContext http, CancellationToken ct)
    {
        var day = ParseDate(date, "date");
        var errors = new FieldErrors();
        var entry = AdminResults.Valid(CalendarDayValidator.Validate(day, body.Value, errors), errors);
        var outcome = await repo.UpsertAsync(entry, Caller.From(http).Actor, ct);
        if (outcome != UpsertOutcome.Unchanged)
        {
            await days.RecomputeAsync(day, day, null, cancellationToken: ct);
        }

        return AdminResults.Put(outcome, $"/api/admin/calendar/{date}",
            new CalendarEntryView(entry.Date, CalendarDayValidator.KindName(entry.Kind), entry.Name, "override"));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCalendarDayAsync(string date, CalendarRepository repo, DayService days,
        HttpContext http, CancellationToken ct)
    {
        var day = ParseDate(date, "date");
        if (!await repo.DeleteAsync(day, Caller.From(http).Actor, ct))
        {
            return AdminResults.NotFound($"Calendar override {date}");
        }

        await days.RecomputeAsync(day, day, null, cancellationToken: ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<IOrderedEnumerable<CalendarEntryView>>> GetCalendarAsync(int? year, CalendarRepository repo, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Require(year is >= 2000 and <= 2100, "year", "is required, between 2000 and 2100");
        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var overrides = (await repo.ListAsync(ct)).Where(d => d.Date.Year == year).ToDictionary(d => d.Date);
        var seed = ChinaHolidays.All.Where(d => d.Date.Year == year && !overrides.ContainsKey(d.Date))
            .Select(d => new CalendarEntryView(d.Date, CalendarDayValidator.KindName(d.Kind), d.Name, "seed"));
        return TypedResults.Ok(seed.Concat(overrides.Values.Select(d =>
                new CalendarEntryView(d.Date, CalendarDayValidator.KindName(d.Kind), d.Name, "override")))
            .OrderBy(d => d.Date));
    }

    internal static DateOnly ParseDate(string? text, string field) =>
        TryParseDate(text, out var date) ? date : throw InputException.Invalid(field, "must be a date yyyy-MM-dd between 2000-01-01 and 2099-12-31");

    /// <summary>A date from a query string or route: yyyy-MM-dd, within <see cref="SupportedDates"/>.</summary>
    internal static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date) && SupportedDates.Contains(date);

    private static ShiftView ShiftView(Shift shift)
    {
        var s = shift.ToSpec();
        return new ShiftView(shift.Id, s.Name, s.Segments, s.CheckInOpensMinutesBefore, s.CheckOutClosesMinutesAfter, s.LateGraceMinutes,
            s.EarlyLeaveGraceMinutes, s.SeriousLateMinutes, s.AbsentLateMinutes, s.FlexibleMinutes, s.RestBreak, s.RequireCheckOut, s.Overtime);
    }

    /// <summary>
    /// A changed shift re-evaluates the days of everyone it is rostered to, as far back as a roster change reaches
    /// (<see cref="DayService.RecomputeDaysBack"/>): a department roster means everyone, since membership is resolved
    /// at evaluation.
    /// </summary>
    private static async Task RecomputeShiftAsync(string shiftId, AssignmentRepository assignments, DayService days, CancellationToken ct)
    {
        var rostered = (await assignments.ListAsync(cancellationToken: ct)).Where(a => a.ShiftId == shiftId).ToList();
        if (rostered.Count == 0)
        {
            return;
        }

        var from = rostered.Min(a => a.From);
        DateOnly? to = rostered.Any(a => a.To is null) ? null : rostered.Max(a => a.To);
        var users = rostered.Any(a => a.UserId is null) ? null : rostered.Select(a => a.UserId!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        await days.RecomputeAsync(from, to, users, bounded: true, ct);
    }

    private static bool RequireSlug(string id) => Identifiers.IsSlug(id) ? true : throw InputException.Invalid("id", Identifiers.SlugRule);
}
