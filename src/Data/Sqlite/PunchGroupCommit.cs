using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Attendance.Data.Punches;
using Microsoft.Data.Sqlite;

namespace Attendance.Data.Sqlite;

/// <summary>
/// Group commit for SQLite. Punches queue here; one writer thread takes the database's
/// <see cref="ConnectionFactory.WriteGate"/> and commits every punch queued by then in one transaction. A commit costs
/// much the same for one punch or fifty, so under a morning storm the queue turns into a few large transactions
/// instead of a line of small ones. A failing punch is taken out and the rest committed again without it, so it fails
/// alone.
/// <para>
/// The writer keeps one connection open with its statements prepared: its page cache stays warm (no other connection
/// writes punches) and no statement is parsed twice. After each commit the punches written go into the
/// <see cref="PunchWindow"/>, checked against the change counter read inside the transaction.
/// </para>
/// </summary>
internal sealed class PunchGroupCommit(ConnectionFactory factory, SemaphoreSlim gate, PunchWindow? window) : IDisposable
{
    /// <summary>Large enough to absorb a burst, small enough that the first punch of a batch does not wait long.</summary>
    private const int MaxBatch = 64;

    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);

    private static readonly Meter Meter = new("Attendance");

    /// <summary>Punches per commit: near 1 when the database keeps up, larger when a queue forms behind the writer.</summary>
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("attendance.punch.commit_batch_size", unit: "{punch}",
        description: "Punches committed together in one SQLite transaction.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private Thread? _thread;
    private int _disposed;

    /// <summary>Only touched by the writer thread.</summary>
    private PunchBatch? _writer;

    /// <summary>Punches queued for the writer and not yet taken into a batch (tests wait on it instead of sleeping).</summary>
    internal int Queued => _queue.Count;

    public async Task<PunchInsertResult> RunAsync(Func<PunchBatch, Task<PunchInsertResult>> work, CancellationToken cancellationToken)
    {
        // Once queued, a punch is committed or failed by the writer, never abandoned: a caller that gave up while its
        // punch was still queued would discard its photo while the writer later stored the row pointing at it. So a
        // cancelled request only stops before queueing, and one caller's disconnect never fails a batch.
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var pending = new Pending(work);
        _queue.Enqueue(pending);
        EnsureWriter();
        _signal.Release();
        return await pending.Completion.Task;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _signal.Release();
        _thread?.Join();
        _writer?.Dispose();
        _writer = null;
        _signal.Dispose();
    }

    /// <summary>Always under the lock: the writer leaves (when idle) under it too, so no queued punch is left without one.</summary>
    private void EnsureWriter()
    {
        lock (_queue)
        {
            _thread ??= StartWriter();
        }
    }

    private Thread StartWriter()
    {
        var thread = new Thread(WriteLoop) { IsBackground = true, Name = "punch-writer" };
        thread.Start();
        return thread;
    }

    /// <summary>
    /// The writer's own thread: SQLite's calls block (Microsoft.Data.Sqlite is synchronous under its async API), and
    /// blocking here instead of on a thread-pool thread keeps the pool from adding threads to make up for it.
    /// </summary>
    private void WriteLoop()
    {
        while (true)
        {
            if (!_signal.Wait(IdleExit) && LeaveWhenIdle())
            {
                return;
            }

            if (Volatile.Read(ref _disposed) != 0)
            {
                FailQueued(new ObjectDisposedException(nameof(PunchGroupCommit)));
                return;
            }

            if (_queue.IsEmpty)
            {
                continue;
            }

            // The gate is taken per batch, not for as long as punches keep coming: other writers (the outbox, day
            // evaluation, admin changes) get their turn between two batches even in the middle of a storm.
            while (!_queue.IsEmpty)
            {
                gate.Wait();
                try
                {
                    CommitBatchAsync().GetAwaiter().GetResult();
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }

    /// <summary>A quiet host (nights, tests) holds neither the thread nor the connection; the next punch starts them again.</summary>
    private bool LeaveWhenIdle()
    {
        lock (_queue)
        {
            if (!_queue.IsEmpty)
            {
                return false;
            }

            _thread = null;
            _writer?.Dispose();
            _writer = null;
            return true;
        }
    }

    private void FailQueued(Exception e)
    {
        while (_queue.TryDequeue(out var pending))
        {
            pending.Completion.TrySetException(e);
        }
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
        var committed = false;
        try
        {
            // Optimistic: the whole batch in one transaction with no savepoint per punch (two statements each saved).
            // When a punch fails, the transaction is rolled back and the batch runs again without it, so each failing
            // punch still fails alone; failures are rare, so the retries are too.
            while (true)
            {
                var writer = _writer ??= await PunchBatch.OpenAsync(factory);
                writer.Begin();
                var failed = -1;
                try
                {
                    if (window is { Enabled: true })
                    {
                        versionBefore = writer.ReadVersion();
                    }

                    for (var i = 0; i < batch.Count && failed < 0; i++)
                    {
                        if (failures[i] is not null)
                        {
                            continue;
                        }

                        try
                        {
                            results[i] = await batch[i].Work(writer);
                        }
                        catch (Exception e)
                        {
                            failures[i] = e;
                            failed = i;
                        }
                    }

                    if (failed < 0 && window is { Enabled: true })
                    {
                        versionAfter = writer.ReadVersion();
                    }

                    if (failed < 0)
                    {
                        writer.Commit();
                        committed = true;
                        break;
                    }
                }
                catch
                {
                    writer.Rollback();
                    throw;
                }

                writer.Rollback();
                Array.Clear(results);
                if (failures.All(f => f is not null))
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            // Nothing of this batch was committed: everyone in it hears the same failure. The connection may be in any
            // state after that, so the next batch opens a new one.
            _writer?.Dispose();
            _writer = null;
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }

            return;
        }

        // A batch whose every punch failed committed nothing: the window has nothing to learn from it.
        if (committed)
        {
            window?.Committed(versionBefore, versionAfter,
                [.. results.Where(r => r is { Outcome: PunchInsertOutcome.Created }).Select(r => r!.Punch)]);
        }

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

    /// <summary>Disposing an uncommitted transaction rolls it back (and tolerates one SQLite already ended).</summary>
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
