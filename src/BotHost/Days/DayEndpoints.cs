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
        groups.Admin.MapGet("/days", ListDaysAsync).WithSummary("Everyone's evaluated day on one date (audited).");
        groups.Admin.MapPost("/corrections/{id:long}/decision", DecideCorrectionAsync).WithSummary("Approve or reject a 补卡 (missed-punch correction) request.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        groups.Admin.MapGet("/reports/monthly", MonthlyReportAsync).WithSummary("The monthly attendance report as JSON, CSV or XLSX (audited).")
            .Produces(StatusCodes.Status200OK, null, MonthlyReportFormats.CsvContentType, MonthlyReportFormats.XlsxContentType);
        groups.Me.MapGet("/days", ListMyDaysAsync).WithSummary("The caller's evaluated days in a range (at most 62 days).");
        groups.Me.MapPost("/corrections", RequestCorrectionAsync).WithSummary("Request a 补卡 (missed-punch correction).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        groups.Me.MapGet("/corrections", ListMyCorrectionsAsync).WithSummary("The caller's 补卡 requests.");
        groups.Me.MapGet("/corrections/allowance", MyCorrectionAllowanceAsync)
            .WithSummary("The caller's 补卡 allowance for a month (default: the current one): limit, used, remaining, how far back.");
    }

    public static async Task<Ok<IEnumerable<DayView>>> ListDaysAsync(string? date, long? departmentId, DayService days, DayInputRepository inputs,
        CorrectionRepository corrections, AuditRepository audit, HttpContext http, CancellationToken ct)
    {
        var day = ScheduleEndpoints.ParseDate(date, "date");
        var results = await days.EnsureAsync(day, day, null, ct);
        var schedule = await days.LoadScheduleAsync(ct);
        var employees = (await days.ListEmployeesAsync(day, ct)).ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        var punches = await inputs.ListPunchesAsync(day, day, cancellationToken: ct);
        var fixes = await corrections.ListApprovedAsync(day, day, cancellationToken: ct);
        await audit.AppendAsync(Caller.From(http).Actor, "days.read", "day", date! + (departmentId is { } d ? "/" + d.ToString(CultureInfo.InvariantCulture) : ""), null, ct);
        return TypedResults.Ok(results
            .Where(r => employees.TryGetValue(r.UserId, out var e) && (departmentId is null || e.DepartmentIds.Contains(departmentId.Value)))
            .Select(r => Render(r, employees[r.UserId], schedule, punches, fixes)));
    }

    public static async Task<Results<Ok<Correction>, ProblemHttpResult>> DecideCorrectionAsync(long id, JsonBody<DecisionRequest> body,
        CorrectionService service, HttpContext http, CancellationToken ct)
    {
        if (body.Value.Approve is not { } approve)
        {
            throw InputException.Invalid("approve", "is required (true or false)");
        }

        var caller = Caller.From(http);
        var (outcome, correction) = await service.DecideAsync(id, approve, caller.Actor, caller.UserId, ct);
        return outcome switch
        {
            DecisionOutcome.Decided => TypedResults.Ok(correction!),
            DecisionOutcome.NotFound => AdminResults.NotFound($"Correction {id}"),
            DecisionOutcome.OwnRequest => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Nobody decides their own correction.",
                detail: "无权限：不能审批自己的补卡"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"该补卡申请已处理（{correction!.State}）"),
        };
    }

    public static async Task<Results<Ok<MonthlyReport>, FileContentHttpResult>> MonthlyReportAsync(string? month, long? departmentId, string? format,
        MonthlyReportService reports, AuditRepository audit, HttpContext http, CancellationToken ct)
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

        var report = await reports.BuildAsync(first, departmentId, ct);
        await audit.AppendAsync(Caller.From(http).Actor, "report.monthly", "report", report.Month, DataJsonFormat(kind, departmentId), ct);
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
        var errors = new FieldErrors();
        errors.Require(end >= start, "to", "must not be before from");
        errors.Require(end.DayNumber - start.DayNumber < MaxRangeDays, "to", $"a range covers at most {MaxRangeDays} days");
        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

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
        Bot.BotCorrections cards, EmployeeRepository employees, HttpContext http, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var stored = await service.RequestAsync(caller.UserId!, body.Value, caller.Actor, ct);
        // The approvers hear of it in chat, with the card they decide on, as when it is asked for in chat.
        if (await employees.GetAsync(stored.UserId, ct) is { } employee)
        {
            await cards.SendApprovalCardAsync(employee, stored, ct);
        }

        return TypedResults.Created($"/api/me/corrections/{stored.Id}", stored);
    }

    public static async Task<Ok<IReadOnlyList<Correction>>> ListMyCorrectionsAsync(CorrectionRepository corrections, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await corrections.ListForUserAsync(Caller.From(http).UserId!, ct));

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
        DayView.From(r, e.Name, schedule.ZoneFor(e), punches, fixes);

    private static string DataJsonFormat(string format, long? departmentId) =>
        Data.DataJson.Serialize(new { format, departmentId });
}
