using System.Collections.Concurrent;
using Attendance.Face.Imaging;
using Attendance.Face.Pipeline;
using Microsoft.ML.OnnxRuntime;

namespace Attendance.Face;

/// <summary>
/// Runs detect → landmarks → align → embed. Thread-safe: a fixed pool of session sets, one intra-op thread each
/// (measured: one thread per analysis and one analysis per core beats more threads per analysis), so at most
/// <see cref="Workers"/> analyses run at once and further callers wait for a free set.
/// </summary>
public sealed class FaceEngine : IDisposable
{
    private readonly FaceEngineOptions options;
    private readonly SessionOptions sessionOptions;
    private readonly ConcurrentBag<ModelSessions> idle = [];
    private readonly List<ModelSessions> all = [];
    private readonly SemaphoreSlim available;
    private int waiting;

    public FaceEngine(FaceModelPack pack, FaceEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pack);
        this.options = options ?? new FaceEngineOptions();
        Workers = Math.Max(1, this.options.Workers ?? Environment.ProcessorCount);
        sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            for (var i = 0; i < Workers; i++)
            {
                var sessions = new ModelSessions(pack, sessionOptions);
                all.Add(sessions);
                idle.Add(sessions);
            }
        }
        catch (OnnxRuntimeException e)
        {
            DisposeSessions();
            throw new FaceModelUnavailableException(pack.Directory, "a model could not be loaded", e);
        }

        available = new SemaphoreSlim(Workers, Workers);
    }

    /// <summary>How many analyses can run at once.</summary>
    public int Workers { get; }

    /// <summary>Callers currently waiting for a free worker: the host's signal that the queue is long.</summary>
    public int Waiting => Volatile.Read(ref waiting);

    /// <summary>Loads and verifies the pack in <paramref name="directory"/>, then the sessions.</summary>
    public static FaceEngine Create(string directory, FaceEngineOptions? options = null) =>
        new(FaceModelPack.Load(directory), options);

    /// <summary>Analyses one photo, waiting for a free worker; see <see cref="FaceOutcome"/> for the results.</summary>
    public FaceAnalysis Analyze(byte[] image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        Interlocked.Increment(ref waiting);
        try
        {
            available.Wait(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        return RunOnFreeWorker(image);
    }

    /// <summary>As <see cref="Analyze"/>, waiting for a worker without blocking a thread.</summary>
    public async Task<FaceAnalysis> AnalyzeAsync(byte[] image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        Interlocked.Increment(ref waiting);
        try
        {
            await available.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        return RunOnFreeWorker(image);
    }

    public void Dispose()
    {
        DisposeSessions();
        available.Dispose();
        sessionOptions.Dispose();
    }

    /// <summary>Called holding one count of <see cref="available"/>, so a session set is idle for it.</summary>
    private FaceAnalysis RunOnFreeWorker(byte[] image)
    {
        try
        {
            if (!idle.TryTake(out var sessions))
                throw new InvalidOperationException("The worker pool is inconsistent.");
            try
            {
                return Run(sessions, image);
            }
            finally
            {
                idle.Add(sessions);
            }
        }
        finally
        {
            available.Release();
        }
    }

    private FaceAnalysis Run(ModelSessions sessions, byte[] bytes)
    {
        var decoded = ImageDecoder.Decode(bytes, options.MaxWorkingSide, options.MaxImagePixels);
        if (decoded is not { } d)
            return FaceAnalysis.Undecodable;

        var image = d.Image;
        var (scores, boxes) = sessions.Detect(FaceDetector.Prepare(image));
        var found = FaceDetector.Significant(
            FaceDetector.Boxes(scores, boxes, image.Width, image.Height, options.DetectionScore, options.NmsIou),
            options.MinRelativeFaceSide);

        var faces = new List<DetectedFace>(found.Count);
        var points = new List<FacePoint[]>(found.Count);
        foreach (var (box, score) in found)
        {
            var five = LandmarkLocator.FivePoints(sessions.Landmarks(LandmarkLocator.Prepare(image, box)), box);
            points.Add(five);
            faces.Add(new DetectedFace(
                new FaceBox(box.X * d.Scale, box.Y * d.Scale, box.Side * d.Scale),
                score,
                Array.ConvertAll(five, p => new FacePoint(p.X * d.Scale, p.Y * d.Scale))));
        }

        var outcome = faces.Count switch
        {
            0 => FaceOutcome.NoFace,
            > 1 => FaceOutcome.MultipleFaces,
            _ => LargeEnough(faces[0].Box, d.Width, d.Height) ? FaceOutcome.OneFace : FaceOutcome.FaceTooSmall,
        };

        float[]? embedding = null;
        if (outcome == FaceOutcome.OneFace)
        {
            embedding = sessions.Embed(FaceAligner.Prepare(image, points[0]));
            FaceMath.Normalize(embedding);
        }

        return new FaceAnalysis(outcome, d.Width, d.Height, faces, embedding);
    }

    private bool LargeEnough(FaceBox box, int width, int height) =>
        box.Side >= options.MinFaceSidePixels || box.Side >= options.MinFaceSideFraction * Math.Min(width, height);

    private void DisposeSessions()
    {
        foreach (var sessions in all)
            sessions.Dispose();
        all.Clear();
    }
}
