using System.Data.Common;
using Attendance.Data.Punches;
using Attendance.Data.TypeHandlers;
using Microsoft.Data.Sqlite;

namespace Attendance.Data.Sqlite;

/// <summary>
/// SQLite: punches queue for <see cref="PunchGroupCommit"/>, whose writer thread commits each batch in one
/// transaction, with the statements prepared once on its connection and only rebound per punch (the storm bench's
/// figures for this path are in docs/benchmarks.md, "storm"). Once queued, a punch belongs to its batch: the caller's
/// token no longer applies.
/// </summary>
internal sealed class SqliteGroupCommitWriter(ConnectionFactory factory, SemaphoreSlim gate, PunchWindow? window) : IPunchWriter
{
    private readonly PunchGroupCommit _groupCommit = new(factory, gate, window);
    private readonly string _insertOrIgnore = factory.Dialect.InsertIgnoreDuplicateReturningId("punches", PunchColumns.InsertArray, ["user_id", "client_punch_id"])
        ?? throw new InvalidOperationException("SQLite inserts punches with INSERT … ON CONFLICT DO NOTHING RETURNING id");

    public int Queued => _groupCommit.Queued;

    public Task<PunchInsertResult> InsertAsync(StoredPunch punch, Func<DbConnection, DbTransaction, long, Task>? alongside, CancellationToken cancellationToken) =>
        _groupCommit.RunAsync(batch => InsertPreparedAsync(batch, punch, alongside), cancellationToken);

    private async Task<PunchInsertResult> InsertPreparedAsync(PunchBatch batch, StoredPunch punch, Func<DbConnection, DbTransaction, long, Task>? alongside)
    {
        var insert = batch.Prepared(_insertOrIgnore, PunchColumns.InsertArray);
        Bind(insert, PunchColumns.Values(punch));
        if (insert.ExecuteScalar() is not long id)
        {
            return PunchStatements.Compare((await PunchStatements.LoadOneAsync(batch.Connection, batch.Transaction, punch.UserId, punch.ClientPunchId,
                CancellationToken.None))!, punch);
        }

        if (punch.Findings.Count > 0)
        {
            var findings = batch.Prepared(PunchStatements.FindingsSql(punch.Findings.Count), PunchStatements.FindingParameterNames(punch.Findings.Count));
            Bind(findings, PunchStatements.FindingValues(id, punch.Findings));
            findings.ExecuteNonQuery();
        }

        if (alongside is not null)
        {
            await alongside(batch.Connection, batch.Transaction!, id);
        }

        return new PunchInsertResult(PunchInsertOutcome.Created, punch with { Id = id });
    }

    private static void Bind(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = DapperTypeHandlers.SqliteValue(values[i]);
        }
    }

    public void Dispose() => _groupCommit.Dispose();
}
