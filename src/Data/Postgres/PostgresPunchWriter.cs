using System.Data.Common;
using Attendance.Data.Punches;
using Dapper;

namespace Attendance.Data.Postgres;

/// <summary>
/// PostgreSQL: each punch with its findings in one statement (<see cref="PostgresPunchInsert"/>) on a pooled connection:
/// one round trip, where an insert, a findings insert and a COMMIT took three. Only a punch with rows to add
/// <c>alongside</c> (an alert, a face check owed) opens a transaction for them. The unique index on (user, client punch
/// id) settles a race between hosts.
/// </summary>
internal sealed class PostgresPunchWriter(ConnectionFactory factory) : IPunchWriter
{
    public int Queued => 0;

    public async Task<PunchInsertResult> InsertAsync(StoredPunch punch, Func<DbConnection, DbTransaction, long, Task>? alongside,
        CancellationToken cancellationToken)
    {
        if (alongside is null)
        {
            await using var connection = await factory.OpenAsync(cancellationToken);
            return await InsertAsync(connection, null, punch, cancellationToken);
        }

        return await factory.InTransactionAsync(async (connection, transaction) =>
        {
            var result = await InsertAsync(connection, transaction, punch, cancellationToken);
            if (result.Outcome == PunchInsertOutcome.Created)
            {
                await alongside(connection, transaction, result.Punch.Id);
            }

            return result;
        }, cancellationToken);
    }

    public void Dispose()
    {
        // Nothing held between punches.
    }

    private static async Task<PunchInsertResult> InsertAsync(DbConnection connection, DbTransaction? transaction, StoredPunch punch,
        CancellationToken cancellationToken)
    {
        var count = punch.Findings.Count;
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(PostgresPunchInsert.Sql(count),
            PunchStatements.Parameters(PostgresPunchInsert.ParameterNames(count), PostgresPunchInsert.Values(punch)), transaction,
            cancellationToken: cancellationToken));
        return id is { } created
            ? new PunchInsertResult(PunchInsertOutcome.Created, punch with { Id = created })
            : PunchStatements.Compare((await PunchStatements.LoadOneAsync(connection, transaction, punch.UserId, punch.ClientPunchId, cancellationToken))!, punch);
    }
}
