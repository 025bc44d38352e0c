using System.Globalization;
using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Days;

public sealed record DecisionRequest(bool? Approve);

/// <summary>Evaluated days, 补卡 (missed-punch corrections) and the monthly report: HR's view under <c>/api/admin</c>, the caller's under <c>/api/me</c>.</summary>
public static class DayEndpoints
{
    public const int MaxRangeDays = 62;

    public static void MapDayApi(this ApiGroups groups)
    {
        // Scoped: HR and admins see everyone, a supervisor the people of their scope (a department outside it is 403).
        groups.Scoped.MapGet("/days", ListDaysAsync)
            .WithSummary("Evaluated days of one date, or of a range (at most 62 days), of a department or a person; paged (audited).");
        groups.Scoped.MapGet("/reports/monthly", MonthlyReportAsync).WithSummary("The monthly attendance report as JSON, CSV or XLSX (audited).")
            .Produces(StatusCodes.Status200OK, null, MonthlyReportFormats.CsvContentType, MonthlyReportFormats.XlsxContentType);
        groups.MapCorrectionAdminApi();
        groups.Me.MapGet("/days", ListMyDaysAsync).WithSummary("The caller's evaluated days in a range (at most 62 days).");
        groups.Me.MapPost("/corrections", RequestCorrectionAsync).WithSummary("Request a 补卡 (missed-punch correction).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        groups.Me.MapGet("/corrections", ListMyCorrectionsAsync).WithSummary("The caller's 补卡 requests.");
        groups.Me.MapGet("/corrections/allowance", MyCorrectionAllowanceAsync)
            .WithSummary("The caller's 补卡 allowance for a month (default: the current one): limit, used, remaining, how far back.");
    }

    /// <summary>Most day rows one page of <c>GET /api/admin/days</c> may ask for (the default is all of them up to this).</summary>
    public const int MaxDayRows = 5000;

    /// <summary>
    /// <c>date</c> (one day, as before) wins over <c>from</c>/<c>to</c> (a range of at most 62 days); <c>userId</c> and
    /// <c>departmentId</c> narrow it; rows ordered by date then userid, paged by <c>limit</c>/<c>offset</c>, the total in
    /// <c>X-Total-Count</c>. A supervisor gets their scope only, and 403 for a department or person outside it.
    /// </summary>
    public static async Task<Results<Ok<IEnumerable<DayView>>, ProblemHttpResult>> ListDaysAsync(string? date, string? from, string? to, string? userId,
        long? departmentId, int? limit, int? offset, DayService days, DayInputRepository inputs, CorrectionRepository corrections, AuditRepository audit,
        HttpContext http, CancellationToken ct)
    {
        var (start, end) = DayRange(date, from, to);
        var (take, skip) = AdminResults.Page(limit ?? MaxDayRows, offset, MaxDayRows);
        var reviewer = Reviews.ReviewerAuthentication.From(http);
        if (Reviews.ScopeRefusals.Department(reviewer, departmentId) is { } refused)
        {
            return refused;
        }

        userId = string.IsNullOrWhiteSpace(userId) ? null : userId.Trim();
        var employees = (await inputs.ListEmployeesAsync(start, userId, ct)).ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        if (userId is not null && Reviews.ScopeRefusals.Person(reviewer, employees.GetValueOrDefault(userId)) is { } notYours)
        {
            return notYours;
        }

        var results = await days.EnsureAsync(start, end, userId, ct);
        var schedule = await days.LoadScheduleAsync(ct);
        var visible = results
            .Where(r => employees.TryGetValue(r.UserId, out var e) && reviewer.CanSee(e) && (departmentId is null || e.DepartmentIds.Contains(departmentId.Value)))
            .OrderBy(r => r.WorkDate).ThenBy(r => r.UserId, StringComparer.Ordinal)
            .ToList();
        var page = visible.Skip(skip).Take(take).ToList();
        var people = page.Select(r => r.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var punches = page.Count == 0 ? [] : await inputs.ListPunchesAsync(start, end, userId, ct);
        var fixes = page.Count == 0 ? [] : await corrections.ListApprovedAsync(start, end, userId, ct);
        var target = date ?? $"{start:yyyy-MM-dd}..{end:yyyy-MM-dd}";
        target += (departmentId is { } d ? "/" + d.ToString(CultureInfo.InvariantCulture) : "") + (userId is null ? "" : "/" + userId);
        await audit.AppendAsync(reviewer.Actor, "days.read", "day", target, null, ct);
        http.Response.Headers["X-Total-Count"] = visible.Count.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Select(r => Render(r, employees[r.UserId], schedule,
            [.. punches.Where(p => people.Contains(p.UserId))], [.. fixes.Where(c => people.Contains(c.UserId))])));
    }

    private static (DateOnly Start, DateOnly End) DayRange(string? date, string? from, string? to)
    {
        if (date is not null || (from is null && to is null))
        {
            var day = ScheduleEndpoints.ParseDate(date, "date");
            return (day, day);
        }

        var start = ScheduleEndpoints.ParseDate(from, "from");
        var end = ScheduleEndpoints.ParseDate(to, "to");
        CheckRange(start, end);
        return (start, end);
    }

    private static void CheckRange(DateOnly start, DateOnly end)
    {
        var errors = new FieldErrors();
        errors.Require(end >= start, "to", "must not be before from");
        errors.Require(end.DayNumber - start.DayNumber < MaxRangeDays, "to", $"a range covers at most {MaxRangeDays} days");
        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }
    }

    public static async Task<Results<Ok<MonthlyReport>, FileContentHttpResult, ProblemHttpResult>> MonthlyReportAsync(string? month, long? departmentId,
        string? format, MonthlyReportService reports, AuditRepository audit, HttpContext http, CancellationToken ct)
    {
        if (!ScheduleEndpoints.TryParseDate(month + "-01", out var first))
        {
            throw InputException.Invalid("month", "must be a month yyyy-MM between 2000-01 and 2099-12");
        }

        var kind = (format ?? "json").ToLowerInvariant();
        if (kind is not ("json" or "csv" or "xlsx"))
        {
            throw InputException.Invalid("format", "must be json, csv or xlsx");
        }

        var reviewer = Reviews.ReviewerAuthentication.From(http);
        if (Reviews.ScopeRefusals.Department(reviewer, departmentId) is { } refused)
        {
            return refused;
        }

        var report = await reports.BuildAsync(first, departmentId, reviewer.IsEveryone ? null : reviewer.CanSee, ct);
        await audit.AppendAsync(reviewer.Actor, "report.monthly", "report", report.Month, DataJsonFormat(kind, departmentId), ct);
        return kind switch
        {
            "csv" => TypedResults.File(MonthlyReportFormats.Csv(report), MonthlyReportFormats.CsvContentType, MonthlyReportFormats.FileName(report, "csv")),
            "xlsx" => TypedResults.File(await MonthlyReportFormats.XlsxAsync(report, ct), MonthlyReportFormats.XlsxContentType,
                MonthlyReportFormats.FileName(report, "xlsx")),
            _ => TypedResults.Ok(report),
        };
    }

    public static async Task<Ok<IEnumerable<DayView>>> ListMyDaysAsync(string? from, string? to, DayService days, DayInputRepository inputs,
        CorrectionRepository corrections, HttpContext http, CancellationToken ct)
    {
        var userId = Caller.From(http).UserId!;
        var start = ScheduleEndpoints.ParseDate(from, "from");
        var end = ScheduleEndpoints.ParseDate(to, "to");
        CheckRange(start, end);
        var results = await days.EnsureAsync(start, end, userId, ct);
        var schedule = await days.LoadScheduleAsync(ct);
        var employee = (await inputs.ListEmployeesAsync(start, userId, ct)).SingleOrDefault();
        if (employee is null)
        {
            return TypedResults.Ok<IEnumerable<DayView>>([]);
        }

        var punches = await inputs.ListPunchesAsync(start, end, userId, ct);
        var fixes = await corrections.ListApprovedAsync(start, end, userId, ct);
        return TypedResults.Ok(results.Select(r => Render(r, employee, schedule, punches, fixes)));
    }

    public static async Task<Created<Correction>> RequestCorrectionAsync(JsonBody<CorrectionRequest> body, CorrectionService service,
        Bot.BotCorrections cards, EmployeeRepository employees, DayService days, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var stored = await service.RequestAsync(caller.UserId!, body.Value, caller.Actor, ct);
        // The approvers hear of it in chat, with the card they decide on, as when it is asked for in chat.
        if (await employees.GetAsync(stored.UserId, ct) is { } employee)
        {
            await cards.SendApprovalCardAsync(employee, stored, ct);
        }

        return TypedResults.Created($"/api/me/corrections/{stored.Id}", stored.InZone(await CallerZoneAsync(days, http, ct)));
    }

    public static async Task<Ok<IReadOnlyList<Correction>>> ListMyCorrectionsAsync(CorrectionRepository corrections, DayService days, HttpContext http,
        CancellationToken ct)
    {
        var zone = await CallerZoneAsync(days, http, ct);
        return TypedResults.Ok<IReadOnlyList<Correction>>([.. (await corrections.ListForUserAsync(Caller.From(http).UserId!, ct)).Select(c => c.InZone(zone))]);
    }

    // Times go out in the caller's company zone, as punches do (a clock read off them is the wall clock).
    private static async Task<TimeZoneInfo> CallerZoneAsync(DayService days, HttpContext http, CancellationToken ct) =>
        (await days.LoadScheduleAsync(ct)).ZoneFor(Sessions.SessionEligibilityFilter.EmployeeOf(http));

    public static async Task<Ok<CorrectionAllowance>> MyCorrectionAllowanceAsync(string? month, CorrectionService service, HttpContext http,
        CancellationToken ct)
    {
        DateOnly? day = null;
        if (month is not null)
        {
            day = ScheduleEndpoints.TryParseDate(month + "-01", out var first)
                ? first
                : throw InputException.Invalid("month", "must be a month yyyy-MM between 2000-01 and 2099-12");
        }

        return TypedResults.Ok(await service.AllowanceAsync(Caller.From(http).UserId!, day, ct));
    }

    private static DayView Render(DayResult r, Employee e, ScheduleSnapshot schedule, IReadOnlyList<DayPunchRecord> punches, IReadOnlyList<Correction> fixes) =>
        DayView.From(r, e, schedule.ZoneFor(e), punches, fixes);

    private static string DataJsonFormat(string format, long? departmentId) =>
        Data.DataJson.Serialize(new { format, departmentId });
}
