using System.Globalization;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Data.Punches;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching;

/// <summary><c>POST /api/punches</c> and <c>GET /api/me/punches</c>, behind the session filter and the rate limiter.</summary>
public static class PunchEndpoints
{
    public static WebApplication MapPunchEndpoints(this WebApplication app)
    {
        app.MapPost("/api/punches", async (HttpContext http, PunchService service, SessionEligibility eligibility, PunchBudgets budgets,
            IOptions<PunchingOptions> options, CancellationToken ct) =>
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

                return Results.Ok(stored.Response);
            }

            var outcome = await service.SubmitAsync(employee, punch, body.Photo, locationWithheld: !locationAllowed, ct);
            return outcome.Outcome switch
            {
                PunchInsertOutcome.Created => Results.Created($"/api/me/punches?date={outcome.Response.WorkDate:yyyy-MM-dd}", outcome.Response),
                PunchInsertOutcome.Replayed => Results.Ok(outcome.Response),
                _ => budgets.TakeError(userId) is { } retry ? PunchRateLimits.TooManyRequests(http, retry) : Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "This clientPunchId was already used for a different punch.",
                    detail: "Send a new clientPunchId for a new punch; resend the same body to get the stored answer.",
                    extensions: new Dictionary<string, object?> { ["punchId"] = outcome.Response.PunchId }),
            };
        }).AddEndpointFilter<SessionAuthentication>()
            .WithMetadata(ApiAuth.Session)
            .WithSummary("Punch: JSON, or multipart/form-data with a punch part (this JSON) and an optional photo part.")
            .DescribesBody<PunchRequest>(optional: false, "application/json").Produces<PunchResponse>(StatusCodes.Status201Created)
            .Produces<PunchResponse>(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }

    /// <summary><c>GET /api/me/punches?date=</c>, in the <c>/api/me</c> group.</summary>
    public static RouteGroupBuilder MapMyPunches(this RouteGroupBuilder me)
    {
        me.MapGet("/punches", async (string? date, HttpContext http, PunchService service, Reviews.PunchReviewService reviews, CancellationToken ct) =>
        {
            if (!Days.ScheduleEndpoints.TryParseDate(date, out var workDate))
            {
                throw InputException.Invalid("date", "is required, as yyyy-MM-dd between 2000-01-01 and 2099-12-31");
            }

            return TypedResults.Ok(await reviews.WithReviewsAsync(await service.ListAsync(Caller.From(http).UserId!, workDate, ct), ct));
        })
            .WithSummary("The caller's punches of one work day, flagged ones with their review.");
        return me;
    }
}
