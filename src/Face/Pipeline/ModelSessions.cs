using Microsoft.ML.OnnxRuntime;

namespace Attendance.Face.Pipeline;

/// <summary>One detector, landmark and feature session: what one worker needs for one analysis at a time.</summary>
internal sealed class ModelSessions : IDisposable
{
    private readonly InferenceSession detector;
    private readonly InferenceSession landmarks;
    private readonly InferenceSession feature;

    public ModelSessions(FaceModelPack pack, SessionOptions options)
    {
        detector = new InferenceSession(pack.DetectorPath, options);
        try
        {
            landmarks = new InferenceSession(pack.LandmarkPath, options);
            feature = new InferenceSession(pack.FeaturePath, options);
        }
        catch
        {
            detector.Dispose();
            landmarks?.Dispose();
            throw;
        }
    }

    /// <summary>(scores [n×2], boxes [n×4]) of the detector.</summary>
    public (float[] Scores, float[] Boxes) Detect(float[] input)
    {
        var outputs = Run(detector, input, [1, 3, FaceDetector.InputHeight, FaceDetector.InputWidth], "scores", "boxes");
        return (outputs[0], outputs[1]);
    }

    public float[] Landmarks(float[] input) =>
        Run(landmarks, input, [1, 1, LandmarkLocator.InputSide, LandmarkLocator.InputSide], landmarks.OutputNames[0])[0];

    public float[] Embed(float[] input) =>
        Run(feature, input, [1, 3, FaceAligner.OutputSide, FaceAligner.OutputSide], feature.OutputNames[0])[0];

    public void Dispose()
    {
        detector.Dispose();
        landmarks.Dispose();
        feature.Dispose();
    }

    private static float[][] Run(InferenceSession session, float[] input, long[] shape, params string[] outputNames)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        var inputs = new Dictionary<string, OrtValue> { [session.InputNames[0]] = tensor };
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, inputs, outputNames);
        return [.. outputs.Select(o => o.GetTensorDataAsSpan<float>().ToArray())];
    }
}
