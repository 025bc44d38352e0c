using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Reviews;
using Attendance.BotHost.Days;
using Attendance.BotHost.Security;
using Attendance.BotHost.Sessions;
using Attendance.Rules.Common;
using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;
using Attendance.Rules.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Punching;

/// <summary>
/// The handlers of <c>GET /api/me/today</c> (the plan and the punches so far, flagged ones with their review) and
/// <c>GET /api/me/site-check</c>, in the <c>/api/me</c> group (routes in <see cref="PunchEndpoints.MapPunchApi"/>).
/// </summary>
public static class TodayEndpoints
{
    public static async Task<Ok<TodayResponse>> GetTodayAsync(HttpContext http, DayService days, PunchService punches, PunchReviewService reviews,
        SiteIndexCache sites, TimeProvider time, CancellationToken ct)
    {
        var employee = SessionEligibilityFilter.EmployeeOf(http);

        var schedule = await days.LoadScheduleAsync(ct);
        var zone = schedule.ZoneFor(employee);
        var now = time.GetUtcNow();
        // The work date a punch made now gets: during a night shift after midnight, the evening it began.
        var date = WorkDates.ForPunch(now, zone, schedule.Boundary, d => schedule.ShiftOn(employee, d));
        var (plan, shift) = schedule.Plan(employee, date);
        var index = await sites.GetAsync(ct);
        var mine = index.Sites.Where(s => SiteIndex.AppliesTo(s, employee.DepartmentIds))
            .Select(s => new TodaySiteView(s.Id, s.Name, s.RequirePhoto, s.RequireFace)).ToList();
        return TypedResults.Ok(new TodayResponse(
            date,
            TimeZoneInfo.ConvertTime(now, zone),
            employee.UserId,
            employee.Name,
            plan.Kind switch { DayKind.Workday => "workday", DayKind.Holiday => "holiday", _ => "rest" },
            plan.CalendarName,
            shift is null ? null : new TodayShiftView(shift.Id, shift.Name,
                [.. shift.Segments.Select(s => new ShiftSegmentView(ClockText.Format(s.Start), ClockText.Format(s.End)))],
                ClockText.Format(shift.WindowOpens), ClockText.Format(shift.WindowCloses)),
            // Flagged punches carry their review (待复核 / 已通过 / 已驳回, the explanation), as in /api/me/punches.
            await reviews.WithReviewsAsync(await punches.ListAsync(employee.UserId, date, ct), ct),
            mine,
            mine.Any(s => s.RequirePhoto || s.RequireFace)));
    }

    public static async Task<Ok<SiteCheckResponse>> CheckSiteAsync(double? latitude, double? longitude, double? accuracy, string? coordinateSystem,
        string? bssid, HttpContext http, SiteIndexCache sites, CancellationToken ct)
    {
        var employee = SessionEligibilityFilter.EmployeeOf(http);

        var fix = Fix(latitude, longitude, accuracy, coordinateSystem, bssid, out var normalizedBssid);
        var index = await sites.GetAsync(ct);
        var departments = employee.DepartmentIds;
        var wifi = index.MatchBssid(normalizedBssid, departments);
        SiteMatch? match = null;
        if (fix is not null)
        {
            var point = fix.ToGcj02();
            match = index.Locate(point, fix.AccuracyMeters, departments);
            // As the scorer does: Wi-Fi names the site unless the fix is inside another fence.
            if (match is { Status: not FenceStatus.Inside } && wifi is not null)
            {
                match = new SiteMatch(wifi, wifi.Measure(point, fix.AccuracyMeters));
            }
        }

        Site? site = match?.Site ?? wifi?.Site;
        return TypedResults.Ok(new SiteCheckResponse(site?.Id, site?.Name,
            match is { } m ? m.Status.ToString().ToLowerInvariant() : null,
            match is { } d ? (int)Math.Round(d.Measurement.DistanceMeters) : null,
            wifi is not null, site?.RequirePhoto ?? false, site?.RequireFace ?? false));
    }

    private static PunchLocation? Fix(double? latitude, double? longitude, double? accuracy, string? coordinateSystem, string? bssid,
        out string? normalizedBssid)
    {
        var errors = new FieldErrors();
        normalizedBssid = null;
        if (!string.IsNullOrEmpty(bssid) && (normalizedBssid = Bssid.Normalize(bssid)) is null)
        {
            errors.Add("bssid", "must be a MAC address of six hex octets");
        }

        var system = coordinateSystem?.Trim().ToLowerInvariant() switch
        {
            null or "" or "wgs84" => CoordinateSystem.Wgs84,
            "gcj02" => CoordinateSystem.Gcj02,
            _ => (CoordinateSystem?)null,
        };
        errors.Require(system is not null, "coordinateSystem", "must be gcj02 or wgs84");
        PunchLocation? fix = null;
        if (latitude is not null || longitude is not null)
        {
            errors.Require(latitude is { } lat && double.IsFinite(lat) && lat is >= -90 and <= 90, "latitude", "must be between -90 and 90");
            errors.Require(longitude is { } lon && double.IsFinite(lon) && lon is >= -180 and <= 180, "longitude", "must be between -180 and 180");
            errors.Require(accuracy is { } acc && double.IsFinite(acc) && acc is >= 0 and <= PunchValidator.MaxAccuracyMeters, "accuracy",
                "is required with a location, in metres");
            if (errors.IsEmpty)
            {
                fix = new PunchLocation(latitude!.Value, longitude!.Value, accuracy!.Value, system!.Value);
            }
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        return fix;
    }
}

public sealed record ShiftSegmentView(string Start, string End);

public sealed record TodayShiftView(string Id, string Name, IReadOnlyList<ShiftSegmentView> Segments, string CheckInOpens, string CheckOutCloses);

public sealed record TodaySiteView(string Id, string Name, bool RequirePhoto, bool RequireFace);

/// <summary><c>GET /api/me/today</c>: the work date's plan from the roster and calendar, and the punches so far.</summary>
public sealed record TodayResponse(
    DateOnly Date,
    DateTimeOffset Now,
    string UserId,
    string Name,
    string DayKind,
    string? CalendarName,
    TodayShiftView? Shift,
    IReadOnlyList<PunchResponse> Punches,
    IReadOnlyList<TodaySiteView> Sites,
    bool PhotoRequired);

/// <summary><c>GET /api/me/site-check</c>: the site a fix (or a Wi-Fi BSSID) belongs to, as the scorer would pick it.</summary>
public sealed record SiteCheckResponse(string? SiteId, string? SiteName, string? Status, int? DistanceMeters, bool WifiMatched,
    bool RequirePhoto, bool RequireFace);
