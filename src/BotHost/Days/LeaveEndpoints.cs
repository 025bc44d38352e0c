using System.Globalization;
using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Common;
using Attendance.Rules.Schedule;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Days;

/// <summary>Body of <c>POST /api/admin/leaves</c>: <c>from</c>/<c>to</c> are dates (whole days, inclusive) or
/// ISO-8601 instants (part of a day).</summary>
public sealed record LeaveRequest(string? UserId, string? From, string? To, string? Kind);

public static class LeaveEndpoints
{
    public static void MapLeaveApi(this ApiGroups groups)
    {
        groups.Admin.MapPost("/leaves", AddAsync).WithSummary("Record a leave (whole days or part of a day); the days are re-evaluated.");
        groups.Admin.MapDelete("/leaves/{id:long}", DeleteAsync).WithSummary("Delete a leave; the days are re-evaluated.");
    }

    public static async Task<Created<LeaveRecord>> AddAsync(JsonBody<LeaveRequest> body, EmployeeRepository employees, LeaveRepository repo,
        DayService days, HttpContext http, CancellationToken ct)
    {
        var r = body.Value;
        var errors = new FieldErrors();
        errors.Require(Identifiers.IsUserId(r.UserId), "userId", Identifiers.UserIdRule);
        errors.RequireText(r.Kind, "kind", 32);
        var schedule = await days.LoadScheduleAsync(ct);
        var employee = Identifiers.IsUserId(r.UserId) ? await employees.GetAsync(r.UserId!, ct) : null;
        errors.Require(employee is not null || !Identifiers.IsUserId(r.UserId), "userId", "no employee has this userid");
        var zone = employee is null ? schedule.CompanyZone : schedule.ZoneFor(employee);
        var from = Parse(r.From, zone, schedule.Boundary, end: false);
        var to = Parse(r.To, zone, schedule.Boundary, end: true);
        errors.Require(from is not null, "from", "must be a date yyyy-MM-dd or an ISO-8601 time with offset");
        errors.Require(to is not null, "to", "must be a date yyyy-MM-dd or an ISO-8601 time with offset");
        if (from is { } f && to is { } t)
        {
            errors.Require(t > f, "to", "must be after from");
            errors.Require(t - f <= TimeSpan.FromDays(366), "to", "a leave record covers at most one year");
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var stored = await repo.AddAsync(new LeaveRecord(0, employee!.UserId, from!.Value, to!.Value, r.Kind!.Trim(), true), Caller.From(http).Actor, ct);
        await RecomputeAsync(days, stored, schedule, zone, ct);
        return TypedResults.Created($"/api/admin/leaves/{stored.Id}", stored);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(long id, LeaveRepository repo, EmployeeRepository employees, DayService days,
        HttpContext http, CancellationToken ct)
    {
        if (await repo.DeleteAsync(id, Caller.From(http).Actor, ct) is not { } gone)
        {
            return AdminResults.NotFound($"Leave {id}");
        }

        var schedule = await days.LoadScheduleAsync(ct);
        var employee = await employees.GetAsync(gone.UserId, ct);
        await RecomputeAsync(days, gone, schedule, employee is null ? schedule.CompanyZone : schedule.ZoneFor(employee), ct);
        return TypedResults.NoContent();
    }

    private static Task RecomputeAsync(DayService days, LeaveRecord leave, ScheduleSnapshot schedule, TimeZoneInfo zone, CancellationToken ct) =>
        days.RecomputeAsync(WorkDates.ByBoundary(leave.From, zone, schedule.Boundary).AddDays(-1),
            WorkDates.ByBoundary(leave.To, zone, schedule.Boundary), [leave.UserId], cancellationToken: ct);

    /// <summary>A date means the whole work day: from its local midnight, to the day boundary after the last date
    /// (so the small hours that still belong to that work day are covered).</summary>
    private static DateTimeOffset? Parse(string? text, TimeZoneInfo zone, TimeOnly boundary, bool end)
    {
        if (ScheduleEndpoints.TryParseDate(text, out var date))
        {
            return end
                ? WorkDates.LocalToUtc(date.AddDays(1), (boundary.Hour * 60) + boundary.Minute, zone)
                : WorkDates.LocalToUtc(date, 0, zone);
        }

        return text is not null && text.Contains('T', StringComparison.Ordinal)
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && SupportedDates.Contains(instant)
            ? instant.ToUniversalTime()
            : null;
    }
}
