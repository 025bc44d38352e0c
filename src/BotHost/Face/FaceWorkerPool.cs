using System.Collections.Concurrent;
using Attendance.Face;

namespace Attendance.BotHost.Face;

/// <summary>
/// One dedicated thread per engine worker (the engine has as many session sets, one intra-op thread each, sized to
/// the cores), fed from one queue. A dedicated thread takes the next photo the moment it finishes one, so a session
/// is never idle while photos wait; with thread-pool callers each hand-over waited behind the host's other work
/// (HTTP, database) and the engine sat idle between analyses.
/// </summary>
public sealed class FaceWorkerPool : IDisposable
{
    private readonly FaceEngine _engine;
    private readonly BlockingCollection<Job> _queue = [];
    private readonly Thread[] _threads;

    public FaceWorkerPool(FaceEngine engine)
    {
        _engine = engine;
        _threads = [.. Enumerable.Range(0, engine.Workers).Select(i => new Thread(Run) { IsBackground = true, Name = $"face-worker-{i}" })];
        foreach (var thread in _threads)
        {
            thread.Start();
        }
    }

    public int Workers => _threads.Length;

    /// <summary>Photos queued and not yet taken by a worker: the host's signal that the queue is long.</summary>
    public int Waiting => _queue.Count;

    public Task<FaceAnalysis> AnalyzeAsync(byte[] photo, CancellationToken cancellationToken)
    {
        var job = new Job(photo, new TaskCompletionSource<FaceAnalysis>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        _queue.Add(job, cancellationToken);
        return job.Completion.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _queue.Dispose();
        _engine.Dispose();
    }

    private void Run()
    {
        foreach (var job in _queue.GetConsumingEnumerable())
        {
            if (job.CancellationToken.IsCancellationRequested)
            {
                job.Completion.TrySetCanceled(job.CancellationToken);
                continue;
            }

            try
            {
                job.Completion.TrySetResult(_engine.Analyze(job.Photo, CancellationToken.None));
            }
            catch (Exception e)
            {
                job.Completion.TrySetException(e);
            }
        }
    }

    private sealed record Job(byte[] Photo, TaskCompletionSource<FaceAnalysis> Completion, CancellationToken CancellationToken);
}
