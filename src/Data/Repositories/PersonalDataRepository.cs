using System.Text.Json;
using Dapper;

namespace Attendance.Data.Repositories;

/// <summary>Everything stored about one person, as tables of rows (column → value), for a PIPL access request.</summary>
public sealed record PersonalData(string UserId, IReadOnlyDictionary<string, IReadOnlyList<IDictionary<string, object?>>> Tables)
{
    /// <summary>Nothing but audit rows: the person is unknown here, or was erased.</summary>
    public bool IsEmpty => Tables.Where(t => t.Key != "audit_log").All(t => t.Value.Count == 0);
}

/// <summary>What an erasure removed: rows per table, and the photo files the caller must delete after the commit.</summary>
public sealed record PersonalDataErasure(IReadOnlyDictionary<string, int> Rows, IReadOnlyList<string> PhotoPaths);

/// <summary>
/// PIPL access and erasure for one employee (DESIGN §7): one place that knows every table holding personal data,
/// so an export misses nothing and an erasure leaves nothing. Audit rows stay: they record who did what, including
/// this erasure, and are kept as the accountability record.
/// </summary>
public sealed class PersonalDataRepository(ConnectionFactory factory, TimeProvider time, Sqlite.PunchWindow? window = null)
{
    /// <summary>(table, condition on @userId), in an order children-first so deletes respect foreign keys.</summary>
    private static readonly (string Table, string Where)[] Tables =
    [
        ("face_pending_checks", "user_id = @userId"),
        ("session_revocations", "user_id = @userId"),
        ("review_reason_prompts", "user_id = @userId"),
        ("punch_review_notes", "user_id = @userId"),
        ("punch_findings", "punch_id IN (SELECT id FROM punches WHERE user_id = @userId)"),
        ("punches", "user_id = @userId"),
        ("day_results", "user_id = @userId"),
        ("corrections", "user_id = @userId"),
        ("leaves", "user_id = @userId"),
        ("face_templates", "user_id = @userId"),
        ("face_consents", "user_id = @userId"),
        ("location_consents", "user_id = @userId"),
        ("assignments", "user_id = @userId"),
        ("employee_leaders", "user_id = @userId OR leader_user_id = @userId"),
        ("department_leaders", "user_id = @userId"),
        ("employee_departments", "user_id = @userId"),
        ("employees", "user_id = @userId"),
    ];

    public async Task<PersonalData> ExportAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        return await factory.InTransactionAsync(async (connection, transaction) =>
        {
            var tables = new Dictionary<string, IReadOnlyList<IDictionary<string, object?>>>(StringComparer.Ordinal);
            foreach (var (table, where) in Tables.Reverse())
            {
                var rows = await connection.QueryAsync(new CommandDefinition($"SELECT * FROM {table} WHERE {where}", new { userId }, transaction,
                    cancellationToken: cancellationToken));
                tables[table] = [.. rows.Cast<IDictionary<string, object?>>()];
            }

            var audit = await connection.QueryAsync(new CommandDefinition(
                "SELECT at, actor, action, entity_type, entity_id FROM audit_log WHERE entity_id = @userId OR actor = @actor ORDER BY id",
                new { userId, actor = "user:" + userId }, transaction, cancellationToken: cancellationToken));
            tables["audit_log"] = [.. audit.Cast<IDictionary<string, object?>>()];
            var data = new PersonalData(userId, tables);
            await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "personal_data.export", "employee", userId,
                JsonSerializer.Serialize(tables.ToDictionary(t => t.Key, t => t.Value.Count)));
            return data;
        }, cancellationToken);
    }

    public async Task<PersonalDataErasure> EraseAsync(string userId, string actor, CancellationToken cancellationToken = default)
    {
        try
        {
            return await EraseRowsAsync(userId, actor, cancellationToken);
        }
        finally
        {
            // The erased punches must not linger in the anti-cheat history (it would also notice, within a second).
            window?.Invalidate();
        }
    }

    private async Task<PersonalDataErasure> EraseRowsAsync(string userId, string actor, CancellationToken cancellationToken)
    {
        return await factory.InTransactionAsync(async (connection, transaction) =>
        {
            var photos = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT photo_path FROM punches WHERE user_id = @userId AND photo_path IS NOT NULL", new { userId }, transaction,
                cancellationToken: cancellationToken))).ToList();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (table, where) in Tables)
            {
                counts[table] = await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE {where}", new { userId }, transaction,
                    cancellationToken: cancellationToken));
            }

            if (counts.Values.Sum() > 0)
            {
                await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "personal_data.erase", "employee", userId,
                    JsonSerializer.Serialize(counts));
            }

            return new PersonalDataErasure(counts, photos);
        }, cancellationToken);
    }

    /// <summary>Tables this repository covers (for the docs and for tests that check nothing is forgotten).</summary>
    public static IReadOnlyList<string> CoveredTables => [.. Tables.Select(t => t.Table)];
}
