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
        app.MapPost("/api/punches", async (HttpContext http, PunchService service, SessionEligibility eligibility,
            IOptions<PunchingOptions> options, CancellationToken ct) =>
        {
            var body = await PunchBodyReader.ReadAsync(http.Request, options.Value.MaxPhotoBytes, options.Value.MaxPhotoPixels, ct);
            var punch = PunchValidator.Validate(body.Request, body.UploadedPhoto);
            var (employee, refusal, locationAllowed) = await eligibility.CheckForPunchAsync(Caller.From(http).UserId!, ct);
            if (employee is null)
            {
                return refusal!;
            }

            var outcome = await service.SubmitAsync(employee, punch, body.Photo, locationWithheld: !locationAllowed, ct);
            return outcome.Outcome switch
            {
                PunchInsertOutcome.Created => Results.Created($"/api/me/punches?date={outcome.Response.WorkDate:yyyy-MM-dd}", outcome.Response),
                PunchInsertOutcome.Replayed => Results.Ok(outcome.Response),
                _ => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "This clientPunchId was already used for a different punch.",
                    detail: "Send a new clientPunchId for a new punch; resend the same body to get the stored answer.",
                    extensions: new Dictionary<string, object?> { ["punchId"] = outcome.Response.PunchId }),
            };
        }).AddEndpointFilter<SessionAuthentication>();

        app.MapGet("/api/me/punches", async (string? date, HttpContext http, PunchService service, Reviews.PunchReviewService reviews, CancellationToken ct) =>
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var workDate))
            {
                throw InputException.Invalid("date", "is required, as yyyy-MM-dd");
            }

            return TypedResults.Ok(await reviews.WithReviewsAsync(await service.ListAsync(Caller.From(http).UserId!, workDate, ct), ct));
        }).AddEndpointFilter<SessionAuthentication>();
        return app;
    }
}
