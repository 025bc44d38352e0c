using Attendance.Testing.FaceModels;

namespace Attendance.Face.Tests;

/// <summary>One engine for the test class: loading sessions costs more than most tests.</summary>
public sealed class EngineFixture : IDisposable
{
    private readonly Lazy<FaceEngine> engine = new(() => FaceEngine.Create(FaceModelDirectory.Require()));

    /// <summary>The engine; skips (or fails under CI=true) the calling test when the model pack is unavailable.</summary>
    public FaceEngine Engine
    {
        get
        {
            FaceModelDirectory.Require();
            return engine.Value;
        }
    }

    public void Dispose()
    {
        if (engine.IsValueCreated)
            engine.Value.Dispose();
    }
}
