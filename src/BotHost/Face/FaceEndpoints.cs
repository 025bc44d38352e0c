using Attendance.BotHost.Admin;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Data.Face;
using Attendance.Data.Repositories;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Face;

public sealed record FaceConsentRequest(bool? Granted);

/// <summary><see cref="NoticeVersion"/> is the version the answer was given to; <see cref="CurrentNoticeVersion"/> the one shown now.</summary>
public sealed record FaceConsentResponse(bool Granted, string? NoticeVersion, DateTimeOffset? RecordedAt, string CurrentNoticeVersion, bool Enrolled);

/// <summary>For the document: the multipart body of a face enrolment, one <c>photo</c> part (JPEG or PNG).</summary>
public sealed record FacePhotoUpload(IFormFile Photo);

public sealed record FaceEnrolled(string UserId, bool Enrolled);

public sealed record FaceTemplateResponse(string UserId, bool Enrolled, string? Source, DateTimeOffset? EnrolledAt, string? EnrolledBy, bool Consented);

/// <summary>
/// <c>/api/me/consents/face</c> (the employee's own consent) and <c>/api/admin/employees/{userId}/face</c>
/// (enrolment by HR or an administrator, behind the admin filter).
/// </summary>
public static class FaceEndpoints
{
    public static RouteGroupBuilder MapFaceEndpoints(this RouteGroupBuilder admin, RouteGroupBuilder me)
    {
        me.MapGet("/consents/face", async (HttpContext http, FaceConsentRepository consents, FaceTemplateRepository templates,
            IOptions<FaceOptions> options, CancellationToken ct) =>
        {
            var userId = Caller.From(http).UserId!;
            return TypedResults.Ok(await ConsentAsync(userId, consents, templates, options.Value, ct));
        })
            .WithSummary("The caller's face-verification consent.");

        me.MapPut("/consents/face", async (Infrastructure.JsonBody<FaceConsentRequest> body, HttpContext http, FaceConsentRepository consents,
            FaceTemplateRepository templates, IOptions<FaceOptions> options, CancellationToken ct) =>
        {
            if (body.Value.Granted is not { } granted)
            {
                throw Infrastructure.InputException.Invalid("granted", "is required (true or false)");
            }

            // A departed employee's token no longer records consent: the /api/me group's eligibility filter refuses it.
            var caller = Caller.From(http);

            await consents.RecordAsync(caller.UserId!, granted, options.Value.ConsentNoticeVersion, caller.Actor, ct);
            return Results.Ok(await ConsentAsync(caller.UserId!, consents, templates, options.Value, ct));
        })
            .WithSummary("Grant or withdraw the caller's face-verification consent.").Produces<FaceConsentResponse>(StatusCodes.Status200OK);

        admin.MapGet("/employees/{userId}/face", async (string userId, EmployeeRepository employees, FaceTemplateRepository templates,
            FaceConsentRepository consents, CancellationToken ct) =>
        {
            if (await employees.GetAsync(userId, ct) is null)
            {
                return AdminResults.NotFound($"Employee {userId}");
            }

            var template = await templates.GetAsync(userId, ct);
            var consent = await consents.GetAsync(userId, ct);
            return Results.Ok(new FaceTemplateResponse(userId, template is not null, template?.Source, template?.EnrolledAt, template?.EnrolledBy,
                consent?.Granted ?? false));
        })
            .WithSummary("Whether an employee has a face template, and their consent.").Produces<FaceTemplateResponse>(StatusCodes.Status200OK);

        admin.MapPost("/employees/{userId}/face", async (string userId, HttpContext http, FaceEnrolment enrolment,
            IOptions<PunchingOptions> punching, CancellationToken ct) =>
        {
            var photo = await FacePhotoReader.ReadAsync(http.Request, punching.Value.MaxPhotoBytes, punching.Value.MaxPhotoPixels, ct);
            return Answer(userId, await enrolment.EnrolAsync(userId, photo, "upload", Caller.From(http).Actor, ct));
        })
            .WithSummary("Enrol an employee's face from an uploaded photo (multipart, one photo part).")
            .WithMetadata(new Infrastructure.ApiRequestBody(typeof(FacePhotoUpload), false, ["multipart/form-data"])).Produces<FaceEnrolled>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        admin.MapPost("/employees/{userId}/face/from-punch/{punchId:long}", async (string userId, long punchId, HttpContext http,
            FaceEnrolment enrolment, CancellationToken ct) =>
            Answer(userId, await enrolment.EnrolFromPunchAsync(userId, punchId, Caller.From(http).Actor, ct)))
            .WithSummary("Enrol an employee's face from the photo of one of their punches.").Produces<FaceEnrolled>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        admin.MapDelete("/employees/{userId}/face", async (string userId, HttpContext http, FaceTemplateRepository templates, CancellationToken ct) =>
            await templates.DeleteAsync(userId, Caller.From(http).Actor, "deleted by HR", ct)
                ? Results.NoContent()
                : AdminResults.NotFound($"A face template of {userId}"))
            .WithSummary("Delete an employee's face template.").Produces(StatusCodes.Status204NoContent);
        return admin;
    }

    private static async Task<FaceConsentResponse> ConsentAsync(string userId, FaceConsentRepository consents, FaceTemplateRepository templates,
        FaceOptions options, CancellationToken ct)
    {
        var consent = await consents.GetAsync(userId, ct);
        var enrolled = await templates.GetAsync(userId, ct) is not null;
        return new FaceConsentResponse(consent?.Granted ?? false, consent?.NoticeVersion, consent?.RecordedAt, options.ConsentNoticeVersion, enrolled);
    }

    private static IResult Answer(string userId, EnrolRefusal refusal) => refusal switch
    {
        EnrolRefusal.None => Results.Created($"/api/admin/employees/{Uri.EscapeDataString(userId)}/face", new FaceEnrolled(userId, true)),
        EnrolRefusal.UnknownEmployee => AdminResults.NotFound($"Employee {userId}"),
        EnrolRefusal.PunchNotFound => AdminResults.NotFound("A punch of this employee with that id"),
        _ => Results.Problem(statusCode: refusal == EnrolRefusal.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status422UnprocessableEntity,
            title: Title(refusal), extensions: new Dictionary<string, object?> { ["code"] = FaceEnrolment.Code(refusal) }),
    };

    private static string Title(EnrolRefusal refusal) => refusal switch
    {
        EnrolRefusal.NoConsent => "The employee has not consented to face verification (PUT /api/me/consents/face); nothing was enrolled.",
        EnrolRefusal.NoFace => "No face was found in the photo; enrol from a clear frontal photo of the employee alone.",
        EnrolRefusal.MultipleFaces => "The photo shows more than one face; enrol from a photo of the employee alone.",
        EnrolRefusal.FaceTooSmall => "The face is too small in the photo to enrol (at least 80 px, or 15 % of the shorter side); take it closer.",
        EnrolRefusal.PunchHasNoPhoto => "That punch has no stored photo (none was sent, or it was purged).",
        _ => "Face verification is unavailable: the model pack is missing (scripts/fetch-face-models.sh).",
    };
}
