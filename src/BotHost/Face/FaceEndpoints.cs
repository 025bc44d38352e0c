using Attendance.BotHost.Admin;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Security;
using Attendance.BotHost.Infrastructure;
using Attendance.Data.Face;
using Attendance.Data.Repositories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Face;

/// <summary>For the document: the multipart body of a face enrolment, one <c>photo</c> part (JPEG or PNG).</summary>
public sealed record FacePhotoUpload(IFormFile Photo);

public sealed record FaceEnrolled(string UserId, bool Enrolled);

public sealed record FaceTemplateResponse(string UserId, bool Enrolled, string? Source, DateTimeOffset? EnrolledAt, string? EnrolledBy, bool Consented);

/// <summary>
/// <c>/api/admin/employees/{userId}/face</c>: enrolment by HR or an administrator, behind the admin filter (the
/// employee's own consent is in <see cref="Privacy.ConsentEndpoints"/>).
/// </summary>
public static class FaceEndpoints
{
    public static void MapFaceApi(this ApiGroups groups)
    {
        groups.Admin.MapGet("/employees/{userId}/face", GetTemplateAsync).WithSummary("Whether an employee has a face template, and their consent.");
        groups.Admin.MapPost("/employees/{userId}/face", EnrolFromUploadAsync).WithSummary("Enrol an employee's face from an uploaded photo (multipart, one photo part).")
            .WithMetadata(new ApiRequestBody(typeof(FacePhotoUpload), false, ["multipart/form-data"]))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        groups.Admin.MapPost("/employees/{userId}/face/from-punch/{punchId:long}", EnrolFromPunchAsync)
            .WithSummary("Enrol an employee's face from the photo of one of their punches.").ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        groups.Admin.MapDelete("/employees/{userId}/face", DeleteTemplateAsync).WithSummary("Delete an employee's face template.");
    }

    public static async Task<Results<Ok<FaceTemplateResponse>, ProblemHttpResult>> GetTemplateAsync(string userId, EmployeeRepository employees,
        FaceTemplateRepository templates, FaceConsentRepository consents, CancellationToken ct)
    {
        if (await employees.GetAsync(userId, ct) is null)
        {
            return AdminResults.NotFound($"Employee {userId}");
        }

        var template = await templates.GetAsync(userId, ct);
        var consent = await consents.GetAsync(userId, ct);
        return TypedResults.Ok(new FaceTemplateResponse(userId, template is not null, template?.Source, template?.EnrolledAt, template?.EnrolledBy,
            consent?.Granted ?? false));
    }

    public static async Task<Results<Created<FaceEnrolled>, ProblemHttpResult>> EnrolFromUploadAsync(string userId, HttpContext http,
        FaceEnrolment enrolment, IOptions<PunchingOptions> punching, CancellationToken ct)
    {
        var photo = await FacePhotoReader.ReadAsync(http.Request, punching.Value.MaxPhotoBytes, punching.Value.MaxPhotoPixels, ct);
        return Answer(userId, await enrolment.EnrolAsync(userId, photo, "upload", Caller.From(http).Actor, ct));
    }

    public static async Task<Results<Created<FaceEnrolled>, ProblemHttpResult>> EnrolFromPunchAsync(string userId, long punchId, HttpContext http,
        FaceEnrolment enrolment, CancellationToken ct) =>
        Answer(userId, await enrolment.EnrolFromPunchAsync(userId, punchId, Caller.From(http).Actor, ct));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteTemplateAsync(string userId, HttpContext http, FaceTemplateRepository templates,
        CancellationToken ct) =>
        await templates.DeleteAsync(userId, Caller.From(http).Actor, "deleted by HR", ct)
            ? TypedResults.NoContent()
            : AdminResults.NotFound($"A face template of {userId}");

    private static Results<Created<FaceEnrolled>, ProblemHttpResult> Answer(string userId, EnrolRefusal refusal) => refusal switch
    {
        EnrolRefusal.None => TypedResults.Created($"/api/admin/employees/{Uri.EscapeDataString(userId)}/face", new FaceEnrolled(userId, true)),
        EnrolRefusal.UnknownEmployee => AdminResults.NotFound($"Employee {userId}"),
        EnrolRefusal.PunchNotFound => AdminResults.NotFound("A punch of this employee with that id"),
        _ => TypedResults.Problem(statusCode: refusal == EnrolRefusal.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status422UnprocessableEntity,
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
