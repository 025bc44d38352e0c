using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics.Metrics;

namespace Attendance.Data.Punches;

/// <summary>
/// Group commit for SQLite, whose writers take turns behind <see cref="ConnectionFactory.WriteGate"/>: a writer that
/// gets the gate commits every punch queued by then in one transaction, each inside its own savepoint so one failing
/// punch does not take the others with it. A commit costs the same for one punch or fifty, so under a morning storm the
/// queue behind the gate turns into a few large transactions instead of a line of small ones. No background thread:
/// the callers themselves take turns as the leader.
/// </summary>
internal sealed class PunchGroupCommit(ConnectionFactory factory, SemaphoreSlim gate)
{
    /// <summary>Large enough to absorb a burst, small enough that the first punch of a batch does not wait long.</summary>
    private const int MaxBatch = 64;

    private static readonly Meter Meter = new("Attendance");

    /// <summary>Punches per commit: near 1 when the database keeps up, larger when a queue forms behind the writer.</summary>
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("attendance.punch.commit_batch_size", unit: "{punch}",
        description: "Punches committed together in one SQLite transaction.");

    private readonly ConcurrentQueue<Pending> _queue = new();

    public async Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        // Once queued, a punch is committed or failed by whichever leader takes it, never abandoned: a caller that gave
        // up while its punch was still queued would discard its photo while a leader later stored the row pointing at
        // it. So a cancelled request only stops before queueing, and one caller's disconnect never fails a batch.
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new Pending(async (c, t) => await work(c, t));
        _queue.Enqueue(pending);
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            // Another leader may have committed this punch while we waited for the gate.
            if (!pending.Completion.Task.IsCompleted)
            {
                await CommitBatchAsync(CancellationToken.None);
            }
        }
        finally
        {
            gate.Release();
        }

        return (T)(await pending.Completion.Task)!;
    }

    private async Task CommitBatchAsync(CancellationToken cancellationToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        BatchSize.Record(batch.Count);
        var results = new object?[batch.Count];
        var failures = new Exception?[batch.Count];
        try
        {
            await using var connection = await factory.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (batch.Count == 1)
            {
                // Alone in the batch: the transaction itself is the savepoint, and a failure rolls it back below.
                results[0] = await batch[0].Work(connection, transaction);
            }
            else
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    var savepoint = "p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await transaction.SaveAsync(savepoint, cancellationToken);
                    try
                    {
                        results[i] = await batch[i].Work(connection, transaction);
                        await transaction.ReleaseAsync(savepoint, cancellationToken);
                    }
                    catch (Exception e)
                    {
                        await transaction.RollbackAsync(savepoint, cancellationToken);
                        failures[i] = e;
                    }
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // Nothing of this batch was committed: everyone in it hears the same failure.
            foreach (var item in batch)
            {
                item.Completion.TrySetException(e);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                batch[i].Completion.TrySetException(failure);
            }
            else
            {
                batch[i].Completion.TrySetResult(results[i]);
            }
        }
    }

    private sealed class Pending(Func<DbConnection, DbTransaction, Task<object?>> work)
    {
        public Func<DbConnection, DbTransaction, Task<object?>> Work { get; } = work;

        public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
