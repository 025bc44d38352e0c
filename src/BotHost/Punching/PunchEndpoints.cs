using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Reviews;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Data.Punches;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching;

/// <summary>
/// Punching's routes: the punch itself (behind the session filter and the punch budgets), the caller's punches, today
/// and the site check in <c>/api/me</c>, and the import of punches captured elsewhere under <c>/api/admin</c>.
/// </summary>
public static class PunchEndpoints
{
    public static void MapPunchApi(this ApiGroups groups)
    {
        // Outside /api/me by contract; the handler checks eligibility itself, from the punch path's short-lived cache.
        groups.Public.MapPost("/api/punches", PunchAsync).AddEndpointFilter<SessionAuthentication>().WithMetadata(ApiAuth.Session)
            .WithSummary("Punch: JSON, or multipart/form-data with a punch part (this JSON) and an optional photo part.")
            .DescribesBody<PunchRequest>(optional: false, "application/json")
            .WithMetadata(new ApiMultipartBody(PunchBodyReader.JsonPart, PunchBodyReader.PhotoPart,
                "Optional JPEG or PNG; at most Punching:MaxPhotoBytes bytes and Punching:MaxPhotoPixels pixels (413 above), 415 when not a decodable JPEG or PNG.",
                ["image/jpeg", "image/png"]))
            .ProducesProblem(StatusCodes.Status409Conflict);
        groups.Me.MapGet("/punches", ListMyPunchesAsync).WithSummary("The caller's punches of one work day, flagged ones with their review.");
        groups.Me.MapGet("/today", TodayEndpoints.GetTodayAsync).WithSummary("Today's plan and punches of the caller, with the sites that apply.");
        groups.Me.MapGet("/site-check", TodayEndpoints.CheckSiteAsync).WithSummary("Which site a location or Wi-Fi BSSID is at, before punching.");
        groups.Admin.MapPost("/punches/import", ImportPunchesAsync).WithSummary("Import punches from other systems (kiosks, WeCom check-in).");
    }

    public static async Task<Results<Created<PunchResponse>, Ok<PunchResponse>, ProblemHttpResult>> PunchAsync(HttpContext http, PunchService service,
        SessionEligibility eligibility, PunchBudgets budgets, IOptions<PunchingOptions> options, CancellationToken ct)
    {
        var userId = Caller.From(http).UserId!;
        PunchBody body;
        ValidPunch punch;
        try
        {
            body = await PunchBodyReader.ReadAsync(http.Request, options.Value.MaxPhotoBytes, options.Value.MaxPhotoPixels, ct);
            punch = PunchValidator.Validate(body.Request, body.UploadedPhoto);
        }
        catch (Exception e) when (e is InputException or BadHttpRequestException && budgets.TakeError(userId) is { } retry)
        {
            // Over the error budget: the client is told to slow down rather than what is wrong (it already was).
            return PunchRateLimits.TooManyRequests(http, retry);
        }

        var (employee, refusal, locationAllowed) = await eligibility.CheckForPunchAsync(userId, ct);
        if (employee is null)
        {
            return budgets.TakeError(userId) is { } retry ? PunchRateLimits.TooManyRequests(http, retry) : refusal!;
        }

        if (budgets.TakePunch(userId) is { } wait)
        {
            // Over the punch budget, a punch already stored is still answered: the client is only retrying.
            var stored = await service.FindStoredAsync(userId, punch, ct);
            if (stored is not { Outcome: PunchInsertOutcome.Replayed })
            {
                return PunchRateLimits.TooManyRequests(http, wait);
            }

            return TypedResults.Ok(stored.Response);
        }

        var outcome = await service.SubmitAsync(employee, punch, body.Photo, locationWithheld: !locationAllowed, ct);
        return outcome.Outcome switch
        {
            PunchInsertOutcome.Created => TypedResults.Created($"/api/me/punches?date={outcome.Response.WorkDate:yyyy-MM-dd}", outcome.Response),
            PunchInsertOutcome.Replayed => TypedResults.Ok(outcome.Response),
            _ => budgets.TakeError(userId) is { } retry ? PunchRateLimits.TooManyRequests(http, retry) : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "This clientPunchId was already used for a different punch.",
                detail: "Send a new clientPunchId for a new punch; resend the same body to get the stored answer.",
                extensions: new Dictionary<string, object?> { ["punchId"] = outcome.Response.PunchId }),
        };
    }

    public static async Task<Ok<IReadOnlyList<PunchResponse>>> ListMyPunchesAsync(string? date, HttpContext http, PunchService service,
        PunchReviewService reviews, CancellationToken ct)
    {
        if (!Days.ScheduleEndpoints.TryParseDate(date, out var workDate))
        {
            throw InputException.Invalid("date", "is required, as yyyy-MM-dd between 2000-01-01 and 2099-12-31");
        }

        return TypedResults.Ok(await reviews.WithReviewsAsync(await service.ListAsync(Caller.From(http).UserId!, workDate, ct), ct));
    }

    public static async Task<Ok<ImportSummary>> ImportPunchesAsync(JsonBody<ImportRequest> body, PunchImportService import, CancellationToken ct) =>
        TypedResults.Ok(await import.ImportAsync(body.Value, ct));
}
