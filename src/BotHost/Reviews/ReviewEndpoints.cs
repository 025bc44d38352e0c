using System.Globalization;
using Attendance.BotHost.Admin;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Reviews;

/// <summary>
/// Review of flagged punches: <c>GET /api/admin/punches</c>, <c>POST /api/admin/punches/{id}/decision</c>,
/// <c>GET /api/admin/punches/{id}/photo</c> (reviewers: admin key, HR/admin, supervisors in their scope), and the
/// employee's <c>POST /api/me/punches/{id}/explanation</c>.
/// </summary>
public static class ReviewEndpoints
{
    private static readonly string[] States = ["review", "decided", "all"];

    public static void MapReviewApi(this ApiGroups groups)
    {
        // Reviewers are not only the admin API's callers: supervisors review their own departments' punches.
        var review = groups.Scoped.MapGroup("/punches").WithMetadata(ScopedRefusal.Review);
        review.MapGet("", ListAsync).WithSummary("Flagged punches a reviewer may see (awaiting review, decided or all).");
        review.MapPost("/{id:long}/decision", DecideAsync).WithSummary("Approve or reject a flagged punch.").ProducesProblem(StatusCodes.Status409Conflict);
        review.MapGet("/{id:long}/photo", GetPhotoAsync).WithSummary("The photo of a flagged punch (never cached).")
            .Produces(StatusCodes.Status200OK, null, "image/jpeg", "image/png");
        groups.Me.MapPost("/punches/{id:long}/explanation", ExplainAsync).WithSummary("Explain one of the caller's flagged punches to the reviewer.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static async Task<Ok<IReadOnlyList<ReviewPunchView>>> ListAsync(string? state, long? departmentId, string? from, string? to, int? limit,
        int? offset, HttpContext http, PunchReviewService service, AuditRepository audit, CancellationToken ct)
    {
        var errors = new Rules.Common.FieldErrors();
        state ??= "review";
        errors.Require(States.Contains(state, StringComparer.Ordinal), "state", "must be review, decided or all");
        var fromDate = ParseDate(from, "from", errors);
        var toDate = ParseDate(to, "to", errors);
        errors.Require(fromDate is null || toDate is null || fromDate <= toDate, "to", "must not be before from");
        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var (take, skip) = AdminResults.Page(limit, offset);
        var reviewer = ReviewerAuthentication.From(http);
        var list = await service.ListAsync(reviewer, state, departmentId, fromDate, toDate, take, skip, ct);
        await audit.AppendAsync(reviewer.Actor, "punches.review.read", "punch", state + (departmentId is { } d ? "/" + d.ToString(CultureInfo.InvariantCulture) : ""),
            null, ct);
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<ReviewPunchView>, ProblemHttpResult>> DecideAsync(long id, JsonBody<PunchDecisionRequest> body, HttpContext http,
        PunchReviewService service, CancellationToken ct)
    {
        if (body.Value.Approve is not { } approve)
        {
            throw InputException.Invalid("approve", "is required (true or false)");
        }

        var result = await service.DecideAsync(ReviewerAuthentication.From(http), id, approve, body.Value.Reason, ct);
        return result.Outcome switch
        {
            ReviewOutcome.Decided => TypedResults.Ok(result.Punch!),
            ReviewOutcome.NotFound => AdminResults.NotFound($"Punch {id}"),
            ReviewOutcome.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This reviewer may not decide this punch.",
                detail: result.Message),
            ReviewOutcome.Invalid => throw InputException.Invalid("reason", result.Message!),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The punch is not awaiting this decision.", detail: result.Message),
        };
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetPhotoAsync(long id, HttpContext http, PunchReviewService service,
        CancellationToken ct)
    {
        var (photo, allowed) = await service.PhotoAsync(ReviewerAuthentication.From(http), id, ct);
        if (!allowed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This reviewer may not see this photo.", detail: "无权限");
        }

        if (photo is null)
        {
            return AdminResults.NotFound($"A photo of punch {id}");
        }

        // A decrypted photo of a person: never kept by a browser or a proxy.
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        return TypedResults.File(photo, Punching.Photos.PhotoSanitizer.Detect(photo) == Punching.Photos.PhotoFormat.Png ? "image/png" : "image/jpeg");
    }

    public static async Task<Results<Ok<PunchExplanationResponse>, ProblemHttpResult>> ExplainAsync(long id, JsonBody<PunchExplanationRequest> body,
        HttpContext http, PunchReviewService service, CancellationToken ct)
    {
        var userId = Caller.From(http).UserId!;
        var errors = new Rules.Common.FieldErrors();
        errors.RequireText(body.Value.Text, "text", PunchReviewService.MaxExplanationLength);
        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var (outcome, note) = await service.ExplainAsync(userId, id, body.Value.Text, ct);
        return outcome switch
        {
            ReviewWriteOutcome.Done => TypedResults.Ok(new PunchExplanationResponse(id, note?.Explanation, note?.ExplainedAt)),
            ReviewWriteOutcome.NotFound => AdminResults.NotFound($"Your punch {id}"),
            ReviewWriteOutcome.NotInReview => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This punch is not in review.",
                detail: "这条打卡不需要复核，无需说明"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This punch was already explained or decided.",
                detail: "这条打卡已说明过或已复核，不能再修改说明"),
        };
    }

    private static DateOnly? ParseDate(string? text, string field, Rules.Common.FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }

        var ok = Days.ScheduleEndpoints.TryParseDate(text, out var date);
        errors.Require(ok, field, "must be a date yyyy-MM-dd between 2000-01-01 and 2099-12-31");
        return ok ? date : null;
    }
}
