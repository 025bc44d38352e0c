using System.Data.Common;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>
/// SQL Server (PostgreSQL has <see cref="PostgresPunchWriter"/>): each punch in a transaction of its own on a pooled
/// connection. It takes many writers at once, so there is no queue to form; the unique index on (user, client punch id)
/// settles a race.
/// </summary>
internal sealed class TransactionalPunchWriter(ConnectionFactory factory) : IPunchWriter
{
    private readonly string? _insertOrIgnore = factory.Dialect.InsertIgnoreDuplicateReturningId("punches", PunchColumns.InsertArray, ["user_id", "client_punch_id"]);

    public int Queued => 0;

    public Task<PunchInsertResult> InsertAsync(StoredPunch punch, Func<DbConnection, DbTransaction, long, Task>? alongside, CancellationToken cancellationToken) =>
        factory.InTransactionAsync((connection, transaction) => InsertAsync(connection, transaction, punch, alongside, cancellationToken), cancellationToken);

    private async Task<PunchInsertResult> InsertAsync(DbConnection connection, DbTransaction transaction, StoredPunch punch,
        Func<DbConnection, DbTransaction, long, Task>? alongside, CancellationToken cancellationToken)
    {
        long id;
        if (_insertOrIgnore is not null)
        {
            var inserted = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(_insertOrIgnore,
                PunchStatements.Parameters(PunchColumns.Insert, PunchColumns.Values(punch)), transaction, cancellationToken: cancellationToken));
            if (inserted is null)
            {
                return PunchStatements.Compare((await PunchStatements.LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, cancellationToken))!, punch);
            }

            id = inserted.Value;
        }
        else
        {
            var existing = await PunchStatements.LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, cancellationToken);
            if (existing is not null)
            {
                return PunchStatements.Compare(existing, punch);
            }

            id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(factory.Dialect.InsertReturningId("punches", PunchColumns.InsertArray),
                PunchStatements.Parameters(PunchColumns.Insert, PunchColumns.Values(punch)), transaction, cancellationToken: cancellationToken));
        }

        if (punch.Findings.Count > 0)
        {
            // All findings in one statement: the punch path pays per statement, not per row.
            await connection.ExecuteAsync(new CommandDefinition(PunchStatements.FindingsSql(punch.Findings.Count),
                PunchStatements.Parameters(PunchStatements.FindingParameterNames(punch.Findings.Count), PunchStatements.FindingValues(id, punch.Findings)),
                transaction, cancellationToken: cancellationToken));
        }

        if (alongside is not null)
        {
            await alongside(connection, transaction, id);
        }

        return new PunchInsertResult(PunchInsertOutcome.Created, punch with { Id = id });
    }

    public void Dispose()
    {
        // Nothing held between punches.
    }
}
