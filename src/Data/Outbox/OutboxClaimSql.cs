namespace Attendance.Data.Outbox;

/// <summary>
/// The claim statement per database: due, unleased pending rows get this host's name and a lease in one statement,
/// so two hosts never hold the same row. PostgreSQL skips rows another transaction has locked; SQL Server reads
/// past them; SQLite has a single writer, so its UPDATE ... RETURNING is already exclusive.
/// </summary>
internal static class OutboxClaimSql
{
    private const string Returned = "id, channel, target, payload, dedupe_key, state, attempts, next_attempt_at, sent_at, last_error, created_at";

    private const string Due = "state = 'pending' AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)";

    public static string For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Postgres =>
            $"UPDATE outbox SET claimed_by = @owner, claimed_until = @until WHERE id IN (" +
            $"SELECT id FROM outbox WHERE {Due} ORDER BY next_attempt_at, id LIMIT @batch FOR UPDATE SKIP LOCKED) RETURNING {Returned}",
        DatabaseProvider.SqlServer =>
            $"WITH due AS (SELECT TOP (@batch) * FROM outbox WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {Due} ORDER BY next_attempt_at, id) " +
            $"UPDATE due SET claimed_by = @owner, claimed_until = @until OUTPUT {string.Join(", ", Returned.Split(", ").Select(c => "inserted." + c))}",
        _ =>
            $"UPDATE outbox SET claimed_by = @owner, claimed_until = @until WHERE id IN (" +
            $"SELECT id FROM outbox WHERE {Due} ORDER BY next_attempt_at, id LIMIT @batch) RETURNING {Returned}",
    };
}
