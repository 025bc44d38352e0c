using Attendance.Face;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Face;

/// <summary>
/// The host's one <see cref="FaceEngine"/> and its worker threads: shared by every request and the background verifier.
/// Loaded on first use (a host whose sites never ask for faces never pays for it). A missing or altered pack is
/// logged once, and from then on every check reports the engine as unavailable; nothing passes silently.
/// </summary>
public sealed class FaceRuntime : IDisposable
{
    private readonly Lazy<FaceWorkerPool?> _engine;

    public FaceRuntime(IOptions<FaceOptions> options, ILogger<FaceRuntime> logger)
    {
        var value = options.Value;
        Thresholds = value.Thresholds;
        _engine = new Lazy<FaceWorkerPool?>(() => Load(value, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public FaceThresholds Thresholds { get; }

    /// <summary>The engine's workers, or null when the model pack is unavailable.</summary>
    public FaceWorkerPool? Engine => _engine.Value;

    public void Dispose()
    {
        if (_engine.IsValueCreated)
        {
            _engine.Value?.Dispose();
        }
    }

    private static FaceWorkerPool? Load(FaceOptions options, ILogger logger)
    {
        try
        {
            var engine = FaceEngine.Create(options.ModelDirectory, new FaceEngineOptions { Workers = options.Workers });
            logger.LogInformation("Face model pack loaded from {Directory} with {Workers} worker(s)", options.ModelDirectory, engine.Workers);
            return new FaceWorkerPool(engine);
        }
        catch (FaceModelUnavailableException e)
        {
            logger.LogError("Face verification is unavailable: {Reason} (directory {Directory}). Sites that require a face send " +
                "photo punches to review until scripts/fetch-face-models.sh has fetched the pack and the host restarts", e.Reason, e.Directory);
            return null;
        }
    }
}
