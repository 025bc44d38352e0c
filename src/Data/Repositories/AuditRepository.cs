using System.Data.Common;
using Attendance.Rules.Common;
using Dapper;

namespace Attendance.Data.Repositories;

/// <summary>
/// Filters of the audit log, all optional and combined with AND. <see cref="Action"/> matches the action itself or any
/// action under it (<c>face</c> finds <c>face.template.enrol</c> and <c>face.consent.grant</c>, not <c>faceless</c>).
/// </summary>
public sealed record AuditQuery(string? Actor = null, string? EntityType = null, string? EntityId = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 100, int Offset = 0, string? Action = null)
{
    /// <summary>The LIKE pattern for the actions under <see cref="Action"/>: its wildcards escaped with '!'.</summary>
    public string? ActionPrefix => Action is null ? null
        : Like.Escape(Action) + ".%";
}

/// <summary>The audit trail. Changes write their row inside the transaction of the change itself.</summary>
public sealed class AuditRepository(ConnectionFactory factory, TimeProvider time)
{
    private static readonly string[] Columns = ["at", "actor", "action", "entity_type", "entity_id", "details"];

    public static async Task AppendAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset at,
        string actor, string action, string entityType, string entityId, string? details)
    {
        const string sql = "INSERT INTO audit_log (at, actor, action, entity_type, entity_id, details) " +
                           "VALUES (@at, @actor, @action, @entity_type, @entity_id, @details)";
        await connection.ExecuteAsync(sql, new { at, actor, action, entity_type = entityType, entity_id = entityId, details }, transaction);
    }

    /// <summary>For reads of someone else's data, which have no transaction of their own.</summary>
    public async Task AppendAsync(string actor, string action, string entityType, string entityId, string? details,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await AppendAsync(connection, null, time.GetUtcNow(), actor, action, entityType, entityId, details);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (query.Actor is not null)
        {
            where.Add("actor = @Actor");
        }

        if (query.Action is not null)
        {
            where.Add("(action = @Action OR action LIKE @ActionPrefix ESCAPE '!')");
        }

        if (query.EntityType is not null)
        {
            where.Add("entity_type = @EntityType");
        }

        if (query.EntityId is not null)
        {
            where.Add("entity_id = @EntityId");
        }

        if (query.From is not null)
        {
            where.Add("at >= @From");
        }

        if (query.To is not null)
        {
            where.Add("at < @To");
        }

        var sql = $"SELECT {string.Join(", ", ["id", .. Columns])} FROM audit_log" +
                  (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") +
                  " ORDER BY id DESC" + factory.Dialect.Page("Limit", "Offset");
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, query, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new AuditEntry(r.Id, r.At, r.Actor, r.Action, r.EntityType, r.EntityId, r.Details))];
    }

    private sealed class AuditRow
    {
        public long Id { get; init; }

        public DateTimeOffset At { get; init; }

        public string Actor { get; init; } = "";

        public string Action { get; init; } = "";

        public string EntityType { get; init; } = "";

        public string EntityId { get; init; } = "";

        public string? Details { get; init; }
    }
}
