using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Data.Privacy;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Privacy;

public sealed record LocationConsentRequest(bool? Granted);

/// <summary>
/// The employee's location consent. <see cref="Answered"/>: they ever granted or withdrew it; <see cref="LocationUsed"/>:
/// whether their punches use their location now (a withdrawal always stops it; with no answer, the company's
/// <c>Punching:RequireLocationConsent</c> decides).
/// </summary>
public sealed record LocationConsentResponse(bool Answered, bool Granted, bool LocationUsed, string? NoticeVersion, DateTimeOffset? RecordedAt,
    string CurrentNoticeVersion, bool RequiredByCompany);

/// <summary><c>GET|PUT /api/me/consents/location</c>: the signed-in employee's own consent to location processing.</summary>
public static class LocationConsentEndpoints
{
    public static RouteGroupBuilder MapLocationConsentEndpoints(this RouteGroupBuilder me)
    {
        me.MapGet("/consents/location", async (HttpContext http, LocationConsentRepository consents, IOptions<PunchingOptions> options,
            CancellationToken ct) => TypedResults.Ok(Answer(await consents.GetAsync(Caller.From(http).UserId!, ct), options.Value)))
            .WithSummary("The caller's location consent.");

        me.MapPut("/consents/location", async (JsonBody<LocationConsentRequest> body, HttpContext http, LocationConsentRepository consents,
            IOptions<PunchingOptions> options, CancellationToken ct) =>
        {
            if (body.Value.Granted is not { } granted)
            {
                throw InputException.Invalid("granted", "is required (true or false)");
            }

            // A departed employee's token no longer records consent: the /api/me group's eligibility filter refuses it.
            var caller = Caller.From(http);

            var consent = await consents.RecordAsync(caller.UserId!, granted, options.Value.LocationConsentNoticeVersion, caller.Actor, ct);
            return Results.Ok(Answer(consent, options.Value));
        })
            .WithSummary("Grant or withdraw the caller's location consent.").Produces<LocationConsentResponse>(StatusCodes.Status200OK);
        return me;
    }

    private static LocationConsentResponse Answer(Consent? consent, PunchingOptions options) => new(
        consent is not null, consent?.Granted ?? false, consent?.Granted ?? !options.RequireLocationConsent, consent?.NoticeVersion, consent?.RecordedAt,
        options.LocationConsentNoticeVersion, options.RequireLocationConsent);
}
