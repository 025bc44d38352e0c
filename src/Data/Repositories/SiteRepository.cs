using Attendance.Rules.Geo;
using Attendance.Rules.Sites;
using Dapper;

namespace Attendance.Data.Repositories;

public sealed class SiteRepository(ConnectionFactory factory, TimeProvider time)
{
    private long _localChanges;

    /// <summary>Bumped by every change made through this instance, so in-process caches see it at once.</summary>
    public long LocalChanges => Interlocked.Read(ref _localChanges);

    private static readonly string[] Columns =
    [
        "id", "name", "coordinate_system", "center_latitude", "center_longitude", "radius_meters", "polygon", "wifi",
        "department_ids", "out_of_range", "require_photo", "require_face", "created_at", "updated_at",
    ];

    private static readonly string SelectColumns = string.Join(", ", Columns.Take(12));

    public Task<UpsertOutcome> UpsertAsync(Site site, string actor, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await connection.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition(
                $"SELECT {SelectColumns} FROM sites WHERE id = @id", new { id = site.Id }, transaction, cancellationToken: cancellationToken));
            if (existing is not null && DataJson.Serialize(existing.ToSite()) == DataJson.Serialize(site))
            {
                return UpsertOutcome.Unchanged;
            }

            var now = time.GetUtcNow();
            await connection.ExecuteAsync(factory.Dialect.Upsert("sites", ["id"], Columns), new
            {
                id = site.Id,
                name = site.Name,
                coordinate_system = site.InputCoordinateSystem == CoordinateSystem.Wgs84 ? "wgs84" : "gcj02",
                center_latitude = site.Circle?.Center.Latitude,
                center_longitude = site.Circle?.Center.Longitude,
                radius_meters = site.Circle?.RadiusMeters,
                polygon = site.Polygon is null ? null : DataJson.Serialize(site.Polygon.Select(p => new[] { p.Latitude, p.Longitude })),
                wifi = DataJson.Serialize(site.Wifi),
                department_ids = DataJson.Serialize(site.DepartmentIds),
                out_of_range = site.OutOfRange.ToString().ToLowerInvariant(),
                require_photo = site.RequirePhoto,
                require_face = site.RequireFace,
                created_at = now,
                updated_at = now,
            }, transaction);
            var result = existing is null ? UpsertOutcome.Created : UpsertOutcome.Updated;
            Interlocked.Increment(ref _localChanges);
            await AuditRepository.AppendAsync(connection, transaction, now, actor,
                result == UpsertOutcome.Created ? "site.create" : "site.update", "site", site.Id, DataJson.Serialize(site));
            return result;
        }, cancellationToken);

    public async Task<Site?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SiteRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM sites WHERE id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToSite();
    }

    public async Task<IReadOnlyList<Site>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<SiteRow>(new CommandDefinition(
            $"SELECT {SelectColumns} FROM sites ORDER BY id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToSite())];
    }

    public Task<bool> DeleteAsync(string id, string actor, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var gone = await connection.ExecuteAsync("DELETE FROM sites WHERE id = @id", new { id }, transaction) > 0;
            if (gone)
            {
                Interlocked.Increment(ref _localChanges);
                await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "site.delete", "site", id, null);
            }

            return gone;
        }, cancellationToken);

    /// <summary>
    /// A cheap fingerprint of the whole table (count and latest change), polled by caches so that several hosts
    /// notice each other's changes. A change made twice in the same tick with a delete in between can hide; the
    /// next change shows it.
    /// </summary>
    public async Task<SiteTableVersion> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<SiteTableVersion>(new CommandDefinition(
            "SELECT COUNT(*) AS count, MAX(updated_at) AS latest FROM sites", cancellationToken: cancellationToken));
    }

    private sealed class SiteRow
    {
        public string Id { get; init; } = "";

        public string Name { get; init; } = "";

        public string CoordinateSystem { get; init; } = "gcj02";

        public double? CenterLatitude { get; init; }

        public double? CenterLongitude { get; init; }

        public double? RadiusMeters { get; init; }

        public string? Polygon { get; init; }

        public string Wifi { get; init; } = "[]";

        public string DepartmentIds { get; init; } = "[]";

        public string OutOfRange { get; init; } = "exception";

        public bool RequirePhoto { get; init; }

        public bool RequireFace { get; init; }

        public Site ToSite() => new(
            Id,
            Name,
            CoordinateSystem == "wgs84" ? Rules.Geo.CoordinateSystem.Wgs84 : Rules.Geo.CoordinateSystem.Gcj02,
            RadiusMeters is { } r ? new CircleFence(new GeoPoint(CenterLatitude!.Value, CenterLongitude!.Value), r) : null,
            Polygon is null ? null : [.. DataJson.Deserialize<double[][]>(Polygon).Select(p => new GeoPoint(p[0], p[1]))],
            DataJson.Deserialize<WifiAccessPoint[]>(Wifi),
            DataJson.Deserialize<long[]>(DepartmentIds),
            Enum.Parse<OutOfRangePolicy>(OutOfRange, ignoreCase: true),
            RequirePhoto,
            RequireFace);
    }
}

public sealed record SiteTableVersion
{
    public long Count { get; init; }

    public DateTimeOffset? Latest { get; init; }
}
