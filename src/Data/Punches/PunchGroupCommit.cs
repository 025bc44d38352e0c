using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;

namespace Attendance.Data.Punches;

/// <summary>
/// Group commit for SQLite, whose writers take turns behind <see cref="ConnectionFactory.WriteGate"/>: a writer that
/// gets the gate commits every punch queued by then in one transaction, each inside its own savepoint so one failing
/// punch does not take the others with it. A commit costs the same for one punch or fifty, so under a morning storm the
/// queue behind the gate turns into a few large transactions instead of a line of small ones. No background thread:
/// the callers themselves take turns as the leader.
/// <para>
/// The leaders share one writer connection, kept open between batches with its statements prepared: its page cache
/// stays warm (no other connection writes punches) and no statement is parsed twice. After each commit the punches
/// written go into the <see cref="PunchWindow"/>, checked against the change counter read inside the transaction.
/// </para>
/// </summary>
internal sealed class PunchGroupCommit(ConnectionFactory factory, SemaphoreSlim gate, PunchWindow? window) : IDisposable
{
    /// <summary>Large enough to absorb a burst, small enough that the first punch of a batch does not wait long.</summary>
    private const int MaxBatch = 64;

    private static readonly Meter Meter = new("Attendance");

    /// <summary>Punches per commit: near 1 when the database keeps up, larger when a queue forms behind the writer.</summary>
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("attendance.punch.commit_batch_size", unit: "{punch}",
        description: "Punches committed together in one SQLite transaction.");

    private readonly ConcurrentQueue<Pending> _queue = new();

    /// <summary>Only touched by the leader, which holds the gate.</summary>
    private PunchBatch? _writer;

    public async Task<PunchInsertResult> RunAsync(Func<PunchBatch, Task<PunchInsertResult>> work, CancellationToken cancellationToken)
    {
        // Once queued, a punch is committed or failed by whichever leader takes it, never abandoned: a caller that gave
        // up while its punch was still queued would discard its photo while a leader later stored the row pointing at
        // it. So a cancelled request only stops before queueing, and one caller's disconnect never fails a batch.
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(work);
        _queue.Enqueue(pending);
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            // Another leader may have committed this punch while we waited for the gate.
            if (!pending.Completion.Task.IsCompleted)
            {
                await CommitBatchAsync();
            }
        }
        finally
        {
            gate.Release();
        }

        return await pending.Completion.Task;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private async Task CommitBatchAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        BatchSize.Record(batch.Count);
        var results = new PunchInsertResult?[batch.Count];
        var failures = new Exception?[batch.Count];
        long versionBefore = 0, versionAfter = 0;
        try
        {
            var writer = _writer ??= await PunchBatch.OpenAsync(factory);
            writer.Begin();
            try
            {
                if (window is { Enabled: true })
                {
                    versionBefore = writer.ReadVersion();
                }

                if (batch.Count == 1)
                {
                    // Alone in the batch: the transaction itself is the savepoint, and a failure rolls it back below.
                    results[0] = await batch[0].Work(writer);
                }
                else
                {
                    for (var i = 0; i < batch.Count; i++)
                    {
                        writer.Execute(PunchBatch.Savepoint);
                        try
                        {
                            results[i] = await batch[i].Work(writer);
                            writer.Execute(PunchBatch.Release);
                        }
                        catch (Exception e)
                        {
                            writer.Execute(PunchBatch.RollbackToSavepoint);
                            writer.Execute(PunchBatch.Release);
                            failures[i] = e;
                        }
                    }
                }

                if (window is { Enabled: true })
                {
                    versionAfter = writer.ReadVersion();
                }

                writer.Commit();
            }
            catch
            {
                writer.Rollback();
                throw;
            }
        }
        catch (Exception e)
        {
            // Nothing of this batch was committed: everyone in it hears the same failure. The connection may be in any
            // state after that, so the next leader opens a new one.
            _writer?.Dispose();
            _writer = null;
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }

            return;
        }

        window?.Committed(versionBefore, versionAfter,
            [.. results.Where(r => r is { Outcome: PunchInsertOutcome.Created }).Select(r => r!.Punch)]);
        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Completion.TrySetException(failure);
            }
            else
            {
                batch[i].Completion.TrySetResult(results[i]!);
            }
        }
    }

    private sealed class Pending(Func<PunchBatch, Task<PunchInsertResult>> work)
    {
        public Func<PunchBatch, Task<PunchInsertResult>> Work { get; } = work;

        public TaskCompletionSource<PunchInsertResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>
/// The SQLite writer connection of <see cref="PunchGroupCommit"/> and the transaction of the batch being committed,
/// with a statement cache: each distinct SQL text is prepared once on this connection and reused with new values.
/// </summary>
internal sealed class PunchBatch : IDisposable
{
    public const string Savepoint = "SAVEPOINT punch";
    public const string Release = "RELEASE punch";
    public const string RollbackToSavepoint = "ROLLBACK TO punch";

    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);

    private PunchBatch(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public SqliteTransaction? Transaction { get; private set; }

    public static async Task<PunchBatch> OpenAsync(ConnectionFactory factory) =>
        new((SqliteConnection)await factory.OpenAsync());

    /// <summary>BEGIN IMMEDIATE: the write lock from the start, so the counter read first is the one this batch moves.</summary>
    public void Begin() => Transaction = Connection.BeginTransaction(deferred: false);

    public void Commit()
    {
        Transaction!.Commit();
        Transaction.Dispose();
        Transaction = null;
    }

    public void Rollback()
    {
        if (Transaction is { } transaction)
        {
            Transaction = null;
            transaction.Dispose();
        }
    }

    /// <summary>A statement prepared on this connection, its parameters named and in order, ready for new values.</summary>
    public SqliteCommand Prepared(string sql, IReadOnlyList<string> parameterNames)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
            }

            command.Transaction = Transaction;
            command.Prepare();
            _prepared[sql] = command;
        }

        command.Transaction = Transaction;
        return command;
    }

    public void Execute(string sql) => Prepared(sql, []).ExecuteNonQuery();

    public long ReadVersion() => (long)Prepared("SELECT version FROM punch_changes WHERE id = 1", []).ExecuteScalar()!;

    public void Dispose()
    {
        Rollback();
        foreach (var command in _prepared.Values)
        {
            command.Dispose();
        }

        _prepared.Clear();
        Connection.Dispose();
    }
}
