using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Sites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Admin;

public static class SiteEndpoints
{
    public static void MapSiteApi(this ApiGroups groups)
    {
        groups.Admin.MapPut("/sites/{id}", PutAsync).WithSummary("Create or replace a punch site (geofence, Wi-Fi, rules).");
        groups.Admin.MapGet("/sites/{id}", GetAsync).WithSummary("Get one site, its fence in GCJ-02.");
        groups.Admin.MapGet("/sites", ListAsync).WithSummary("List the sites.");
        groups.Admin.MapDelete("/sites/{id}", DeleteAsync).WithSummary("Delete a site.");
        groups.Admin.MapGet("/audit", ListAuditAsync).WithSummary("Read the audit log, newest first.");
    }

    public static async Task<Results<Created<SiteView>, Ok<SiteView>>> PutAsync(string id, JsonBody<SiteSpec> body, SiteRepository repo, HttpContext http,
        CancellationToken ct)
    {
        var errors = new FieldErrors();
        var site = AdminResults.Valid(SiteValidator.Validate(id, body.Value, errors), errors);
        var outcome = await repo.UpsertAsync(site, Caller.From(http).Actor, ct);
        return AdminResults.Put(outcome, $"/api/admin/sites/{site.Id}", SiteView.From(site));
    }

    public static async Task<Results<Ok<SiteView>, ProblemHttpResult>> GetAsync(string id, SiteRepository repo, CancellationToken ct)
    {
        RequireSlug(id);
        return await repo.GetAsync(id, ct) is { } s ? TypedResults.Ok(SiteView.From(s)) : AdminResults.NotFound($"Site {id}");
    }

    public static async Task<Ok<IEnumerable<SiteView>>> ListAsync(SiteRepository repo, CancellationToken ct) =>
        TypedResults.Ok((await repo.ListAsync(ct)).Select(SiteView.From));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string id, SiteRepository repo, HttpContext http, CancellationToken ct)
    {
        RequireSlug(id);
        return await repo.DeleteAsync(id, Caller.From(http).Actor, ct) ? TypedResults.NoContent() : AdminResults.NotFound($"Site {id}");
    }

    public static async Task<Ok<IReadOnlyList<AuditEntry>>> ListAuditAsync(string? actor, string? action, string? entityType, string? entityId,
        DateTimeOffset? from, DateTimeOffset? to, int? limit, int? offset, AuditRepository audit, CancellationToken ct)
    {
        var (take, skip) = AdminResults.Page(limit, offset);
        AdminResults.Filters(("actor", actor, 100), ("action", action, 64), ("entityType", entityType, 64), ("entityId", entityId, 100));
        if (from is not null && to is not null && to <= from)
        {
            throw InputException.Invalid("to", "must be after from");
        }

        return TypedResults.Ok(await audit.ListAsync(new AuditQuery(actor, entityType, entityId, from, to, take, skip, action), ct));
    }

    private static void RequireSlug(string id)
    {
        if (!Identifiers.IsSlug(id))
        {
            throw InputException.Invalid("id", Identifiers.SlugRule);
        }
    }
}

/// <summary>
/// A site as the API shows it: the fence in GCJ-02 (as stored) whatever datum it was entered in, so that a GET
/// followed by a PUT of the same body changes nothing.
/// </summary>
public sealed record SiteView(
    string Id,
    string Name,
    string CoordinateSystem,
    string EnteredAs,
    CircleSpec? Circle,
    IReadOnlyList<PointSpec>? Polygon,
    IReadOnlyList<WifiAccessPoint> Wifi,
    IReadOnlyList<long> DepartmentIds,
    OutOfRangePolicy OutOfRange,
    bool RequirePhoto,
    bool RequireFace)
{
    public static SiteView From(Site s) => new(
        s.Id,
        s.Name,
        "gcj02",
        s.InputCoordinateSystem.ToString().ToLowerInvariant(),
        s.Circle is { } c ? new CircleSpec(c.Center.Latitude, c.Center.Longitude, c.RadiusMeters) : null,
        s.Polygon?.Select(p => new PointSpec(p.Latitude, p.Longitude)).ToArray(),
        s.Wifi,
        s.DepartmentIds,
        s.OutOfRange,
        s.RequirePhoto,
        s.RequireFace);
}
