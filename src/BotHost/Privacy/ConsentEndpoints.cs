using Attendance.BotHost.Admin;
using Attendance.BotHost.Face;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Security;
using Attendance.Data.Face;
using Attendance.Data.Privacy;
using Attendance.Data.Repositories;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Privacy;

public sealed record FaceConsentRequest(bool? Granted);

/// <summary><see cref="NoticeVersion"/> is the version the answer was given to; <see cref="CurrentNoticeVersion"/> the one shown now.</summary>
public sealed record FaceConsentResponse(bool Granted, string? NoticeVersion, DateTimeOffset? RecordedAt, string CurrentNoticeVersion, bool Enrolled);

public sealed record LocationConsentRequest(bool? Granted);

/// <summary>An employee's two consents as HR reads them (<c>GET /api/admin/employees/{userId}/consents</c>).</summary>
public sealed record EmployeeConsentsResponse(string UserId, FaceConsentResponse Face, LocationConsentResponse Location);

/// <summary>
/// The employee's location consent. <see cref="Answered"/>: they ever granted or withdrew it; <see cref="LocationUsed"/>:
/// whether their punches use their location now (a withdrawal always stops it; with no answer, the company's
/// <c>Punching:RequireLocationConsent</c> decides).
/// </summary>
public sealed record LocationConsentResponse(bool Answered, bool Granted, bool LocationUsed, string? NoticeVersion, DateTimeOffset? RecordedAt,
    string CurrentNoticeVersion, bool RequiredByCompany);

/// <summary>
/// <c>GET|PUT /api/me/consents/{face|location}</c>: the signed-in employee's own consents to the processing of sensitive
/// personal information (PIPL), each recorded with its time and the notice version it answered.
/// </summary>
public static class ConsentEndpoints
{
    public static void MapConsentApi(this ApiGroups groups)
    {
        groups.Me.MapGet("/consents/face", GetFaceConsentAsync).WithSummary("The caller's face-verification consent.");
        groups.Me.MapPut("/consents/face", PutFaceConsentAsync).WithSummary("Grant or withdraw the caller's face-verification consent.");
        groups.Me.MapGet("/consents/location", GetLocationConsentAsync).WithSummary("The caller's location consent.");
        groups.Me.MapPut("/consents/location", PutLocationConsentAsync).WithSummary("Grant or withdraw the caller's location consent.");
        groups.Admin.MapGet("/employees/{userId}/consents", GetEmployeeConsentsAsync)
            .WithSummary("An employee's face and location consents, read-only (only the employee can grant or withdraw them).");
    }

    public static async Task<Results<Ok<EmployeeConsentsResponse>, ProblemHttpResult>> GetEmployeeConsentsAsync(string userId,
        EmployeeRepository employees, FaceConsentRepository faceConsents, FaceTemplateRepository templates, LocationConsentRepository locationConsents,
        IOptions<FaceOptions> face, IOptions<PunchingOptions> punching, CancellationToken ct)
    {
        if (await employees.GetAsync(userId, ct) is null)
        {
            return AdminResults.NotFound($"Employee {userId}");
        }

        return TypedResults.Ok(new EmployeeConsentsResponse(userId, await FaceAnswerAsync(userId, faceConsents, templates, face.Value, ct),
            LocationAnswer(await locationConsents.GetAsync(userId, ct), punching.Value)));
    }

    public static async Task<Ok<FaceConsentResponse>> GetFaceConsentAsync(HttpContext http, FaceConsentRepository consents,
        FaceTemplateRepository templates, IOptions<FaceOptions> options, CancellationToken ct) =>
        TypedResults.Ok(await FaceAnswerAsync(Caller.From(http).UserId!, consents, templates, options.Value, ct));

    public static async Task<Ok<FaceConsentResponse>> PutFaceConsentAsync(JsonBody<FaceConsentRequest> body, HttpContext http,
        FaceConsentRepository consents, FaceTemplateRepository templates, IOptions<FaceOptions> options, CancellationToken ct)
    {
        var granted = Granted(body.Value.Granted);
        // A departed employee's token no longer records consent: the /api/me group's eligibility filter refuses it.
        var caller = Caller.From(http);
        await consents.RecordAsync(caller.UserId!, granted, options.Value.ConsentNoticeVersion, caller.Actor, ct);
        return TypedResults.Ok(await FaceAnswerAsync(caller.UserId!, consents, templates, options.Value, ct));
    }

    public static async Task<Ok<LocationConsentResponse>> GetLocationConsentAsync(HttpContext http, LocationConsentRepository consents,
        IOptions<PunchingOptions> options, CancellationToken ct) =>
        TypedResults.Ok(LocationAnswer(await consents.GetAsync(Caller.From(http).UserId!, ct), options.Value));

    public static async Task<Ok<LocationConsentResponse>> PutLocationConsentAsync(JsonBody<LocationConsentRequest> body, HttpContext http,
        LocationConsentRepository consents, IOptions<PunchingOptions> options, CancellationToken ct)
    {
        var granted = Granted(body.Value.Granted);
        var caller = Caller.From(http);
        var consent = await consents.RecordAsync(caller.UserId!, granted, options.Value.LocationConsentNoticeVersion, caller.Actor, ct);
        return TypedResults.Ok(LocationAnswer(consent, options.Value));
    }

    private static bool Granted(bool? granted) => granted ?? throw InputException.Invalid("granted", "is required (true or false)");

    private static async Task<FaceConsentResponse> FaceAnswerAsync(string userId, FaceConsentRepository consents, FaceTemplateRepository templates,
        FaceOptions options, CancellationToken ct)
    {
        var consent = await consents.GetAsync(userId, ct);
        var enrolled = await templates.GetAsync(userId, ct) is not null;
        return new FaceConsentResponse(consent?.Granted ?? false, consent?.NoticeVersion, consent?.RecordedAt, options.ConsentNoticeVersion, enrolled);
    }

    private static LocationConsentResponse LocationAnswer(Consent? consent, PunchingOptions options) => new(
        consent is not null, consent?.Granted ?? false, consent?.Granted ?? !options.RequireLocationConsent, consent?.NoticeVersion, consent?.RecordedAt,
        options.LocationConsentNoticeVersion, options.RequireLocationConsent);
}
