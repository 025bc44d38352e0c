using System.Globalization;
using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Reviews;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Days;

/// <summary>
/// A 补卡 request as the console lists it: the person's name and main department, the time in their zone, and whether
/// the caller may decide it (pending, in their scope, not their own).
/// </summary>
public sealed record CorrectionView(
    long Id,
    string UserId,
    string Name,
    long DepartmentId,
    string? DepartmentName,
    DateOnly WorkDate,
    string Kind,
    DateTimeOffset Time,
    string Reason,
    string State,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt,
    bool MayDecide);

/// <summary>
/// 补卡 approval under <c>/api/admin</c> (scoped: HR and admins everyone, a supervisor their scope):
/// <c>GET /corrections</c> and <c>POST /corrections/{id}/decision</c>.
/// </summary>
public static class CorrectionAdminEndpoints
{
    private static readonly string[] States = [CorrectionStates.Pending, CorrectionStates.Approved, CorrectionStates.Rejected, "all"];

    public static void MapCorrectionAdminApi(this ApiGroups groups)
    {
        groups.Scoped.MapGet("/corrections", ListAsync)
            .WithSummary("补卡 requests the caller may see: state pending (default, oldest first), approved, rejected or all (newest first); month, department; paged (audited).");
        groups.Scoped.MapPost("/corrections/{id:long}/decision", DecideAsync).WithSummary("Approve or reject a 补卡 (missed-punch correction) request.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Results<Ok<IReadOnlyList<CorrectionView>>, ProblemHttpResult>> ListAsync(string? state, string? month, long? departmentId,
        int? limit, int? offset, HttpContext http, CorrectionRepository corrections, EmployeeRepository employees, DayService days, AuditRepository audit,
        CancellationToken ct)
    {
        var errors = new Rules.Common.FieldErrors();
        state ??= CorrectionStates.Pending;
        errors.Require(States.Contains(state, StringComparer.Ordinal), "state", "must be pending, approved, rejected or all");
        DateOnly? first = null;
        if (month is not null)
        {
            errors.Require(ScheduleEndpoints.TryParseDate(month + "-01", out var parsed), "month", "must be a month yyyy-MM between 2000-01 and 2099-12");
            first = parsed;
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var (take, skip) = AdminResults.Page(limit, offset);
        var reviewer = ReviewerAuthentication.From(http);
        if (ScopeRefusals.Department(reviewer, departmentId) is { } refused)
        {
            return refused;
        }

        var found = await corrections.ListAsync(state == "all" ? null : state, first, first?.AddMonths(1).AddDays(-1), ct);
        var ordered = state == CorrectionStates.Pending
            ? found.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id)
            : found.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id);
        var schedule = await days.LoadScheduleAsync(ct);
        var people = new Dictionary<string, Employee?>(StringComparer.OrdinalIgnoreCase);
        var visible = new List<CorrectionView>();
        foreach (var c in ordered)
        {
            if (!people.TryGetValue(c.UserId, out var employee))
            {
                people[c.UserId] = employee = await employees.GetAsync(c.UserId, ct);
            }

            // A pending request of one's own is not in one's queue (nobody decides their own), as with flagged punches.
            if (employee is not null && reviewer.CanSee(employee) && (departmentId is null || employee.DepartmentIds.Contains(departmentId.Value))
                && (state != CorrectionStates.Pending || !reviewer.IsSelf(employee)))
            {
                visible.Add(View(c, employee, schedule, reviewer));
            }
        }

        await audit.AppendAsync(reviewer.Actor, "corrections.read", "correction",
            state + (month is null ? "" : "/" + month) + (departmentId is { } d ? "/" + d.ToString(CultureInfo.InvariantCulture) : ""), null, ct);
        http.Response.Headers["X-Total-Count"] = visible.Count.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok<IReadOnlyList<CorrectionView>>([.. visible.Skip(skip).Take(take)]);
    }

    public static async Task<Results<Ok<Correction>, ProblemHttpResult>> DecideAsync(long id, JsonBody<DecisionRequest> body, CorrectionService service,
        CorrectionRepository corrections, EmployeeRepository employees, DayService days, Bot.BotCorrections chat, HttpContext http, CancellationToken ct)
    {
        if (body.Value.Approve is not { } approve)
        {
            throw InputException.Invalid("approve", "is required (true or false)");
        }

        var reviewer = ReviewerAuthentication.From(http);
        if (!reviewer.IsEveryone && await corrections.GetAsync(id, ct) is { } asked && await employees.GetAsync(asked.UserId, ct) is { } person
            && !reviewer.IsSelf(person) && !reviewer.CanSee(person))
        {
            return ScopeRefusals.Forbidden("The correction is outside the caller's scope.", "无权限：这条补卡申请不归您审批");
        }

        var (outcome, correction) = await service.DecideAsync(id, approve, reviewer.Actor, reviewer.UserId, ct);
        if (outcome == DecisionOutcome.Decided && await employees.GetAsync(correction!.UserId, ct) is { } requester)
        {
            // The employee hears of it in chat as when a leader decides on the card.
            await chat.TellDecisionAsync(requester, correction, reviewer.UserId, ct);
            correction = correction.InZone((await days.LoadScheduleAsync(ct)).ZoneFor(requester));
        }

        return outcome switch
        {
            DecisionOutcome.Decided => TypedResults.Ok(correction!),
            DecisionOutcome.NotFound => AdminResults.NotFound($"Correction {id}"),
            DecisionOutcome.OwnRequest => ScopeRefusals.Forbidden("Nobody decides their own correction.", "无权限：不能审批自己的补卡"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"该补卡申请已处理（{correction!.State}）",
                detail: $"该补卡申请已处理（{StateLabel(correction.State)}）"),
        };
    }

    private static CorrectionView View(Correction c, Employee e, ScheduleSnapshot schedule, Reviewer reviewer) => new(
        c.Id, c.UserId, e.Name, e.MainDepartmentId, schedule.Department(e.MainDepartmentId)?.Name, c.WorkDate, c.Kind.ToWire(),
        TimeZoneInfo.ConvertTime(c.Time, schedule.ZoneFor(e)), c.Reason, c.State, c.DecidedBy, c.DecidedAt, c.CreatedAt,
        c.State == CorrectionStates.Pending && reviewer.MayDecide(e));

    private static string StateLabel(string state) => state switch
    {
        CorrectionStates.Approved => "已通过",
        CorrectionStates.Rejected => "已驳回",
        _ => "待审批",
    };
}
