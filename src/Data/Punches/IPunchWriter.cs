using System.Data.Common;
using Attendance.Data.Postgres;
using Attendance.Data.Sqlite;

namespace Attendance.Data.Punches;

/// <summary>
/// Stores a punch and its findings in one transaction, with whatever <c>alongside</c> adds to that transaction. Each
/// database has the writer that suits it, chosen in <see cref="PunchWriters.For"/>.
/// </summary>
internal interface IPunchWriter : IDisposable
{
    Task<PunchInsertResult> InsertAsync(StoredPunch punch, Func<DbConnection, DbTransaction, long, Task>? alongside, CancellationToken cancellationToken);

    /// <summary>Punches accepted and waiting for their commit (only a writer that queues has any).</summary>
    int Queued { get; }
}

/// <summary>The one place a punch writer is chosen by database.</summary>
internal static class PunchWriters
{
    public static IPunchWriter For(ConnectionFactory factory, PunchWindow? window) => factory.Provider switch
    {
        // One writer per file: punches queue for a group commit on the write gate (SQLite allows one writer at a time).
        DatabaseProvider.Sqlite when factory.WriteGate is { } gate => new SqliteGroupCommitWriter(factory, gate, window),
        // One statement per punch: a server database is worth fewer round trips.
        DatabaseProvider.Postgres => new PostgresPunchWriter(factory),
        _ => new TransactionalPunchWriter(factory),
    };
}
