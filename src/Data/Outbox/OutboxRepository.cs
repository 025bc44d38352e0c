using System.Data.Common;
using Dapper;

namespace Attendance.Data.Outbox;

/// <summary>Every message to WeCom is a row here first; the sender (scheduling issue) claims and delivers them.</summary>
public sealed class OutboxRepository(ConnectionFactory factory, TimeProvider time)
{
    private static readonly string[] Columns =
        ["channel", "target", "payload", "dedupe_key", "state", "attempts", "next_attempt_at", "created_at"];

    /// <summary>Adds the message inside the caller's transaction; false when its dedupe key is already there.</summary>
    public async Task<bool> EnqueueAsync(DbConnection connection, DbTransaction? transaction, OutboxMessage message)
    {
        var now = time.GetUtcNow();
        var sql = factory.Dialect.InsertIgnoreDuplicate("outbox", Columns, ["dedupe_key"]);
        return await connection.ExecuteAsync(sql, new
        {
            channel = message.Channel,
            target = message.Target,
            payload = message.Payload,
            dedupe_key = message.DedupeKey,
            state = OutboxStates.Pending,
            attempts = 0,
            next_attempt_at = now,
            created_at = now,
        }, transaction) == 1;
    }

    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await EnqueueAsync(connection, null, message);
    }

    public async Task<IReadOnlyList<OutboxRow>> ListAsync(string? state, int limit, int offset, CancellationToken cancellationToken = default)
    {
        var sql = "SELECT id, channel, target, payload, dedupe_key, state, attempts, next_attempt_at, sent_at, last_error, created_at, claimed_by, claimed_until FROM outbox" +
                  (state is null ? "" : " WHERE state = @state") + " ORDER BY id DESC" + factory.Dialect.Page("limit", "offset");
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxRowData>(new CommandDefinition(sql, new { state, limit, offset }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRow())];
    }
}
