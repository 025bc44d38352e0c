using Attendance.Face.Imaging;

namespace Attendance.Face.Pipeline;

/// <summary>The 320×240 detector: stretched whole image in, softmaxed scores and corner boxes (0..1) out.</summary>
internal static class FaceDetector
{
    public const int InputWidth = 320;
    public const int InputHeight = 240;

    public static float[] Prepare(RgbImage image)
    {
        var resized = Resampler.Resize(image, InputWidth, InputHeight);
        return Tensors.Planar(resized, static v => (v - 127f) / 128f);
    }

    /// <summary>Square boxes in working-image pixels, best first, after the score cut and NMS.</summary>
    public static List<(FaceBox Box, float Score)> Boxes(
        float[] scores, float[] boxes, int width, int height, float minScore, float nmsIou)
    {
        var candidates = new List<(float X0, float Y0, float X1, float Y1, float Score)>();
        for (var i = 0; i < scores.Length / 2; i++)
        {
            var score = scores[(i * 2) + 1];
            if (score < minScore)
                continue;
            candidates.Add((boxes[i * 4] * width, boxes[(i * 4) + 1] * height,
                boxes[(i * 4) + 2] * width, boxes[(i * 4) + 3] * height, score));
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var kept = new List<(float X0, float Y0, float X1, float Y1, float Score)>();
        foreach (var c in candidates)
        {
            if (kept.TrueForAll(k => Iou(k, c) <= nmsIou))
                kept.Add(c);
        }

        return kept.ConvertAll(k =>
        {
            // Square on the longer side, same centre: the landmark model was trained on square crops.
            var side = Math.Max(k.X1 - k.X0, k.Y1 - k.Y0);
            var cx = (k.X0 + k.X1) / 2;
            var cy = (k.Y0 + k.Y1) / 2;
            return (new FaceBox(cx - (side / 2), cy - (side / 2), side), k.Score);
        });
    }

    /// <summary>The faces that are subjects of the photo: see <see cref="FaceEngineOptions.MinRelativeFaceSide"/>.</summary>
    public static List<(FaceBox Box, float Score)> Significant(List<(FaceBox Box, float Score)> faces, float minRelativeSide)
    {
        if (faces.Count < 2)
            return faces;
        var largest = faces.Max(f => f.Box.Side);
        return faces.FindAll(f => f.Box.Side >= minRelativeSide * largest
            && !faces.Exists(o => o.Box.Side > f.Box.Side && Inside(f.Box, o.Box) >= 0.8f));
    }

    /// <summary>The fraction of <paramref name="inner"/>'s area that lies inside <paramref name="outer"/>.</summary>
    private static float Inside(FaceBox inner, FaceBox outer)
    {
        var w = Math.Max(0, Math.Min(inner.X + inner.Side, outer.X + outer.Side) - Math.Max(inner.X, outer.X));
        var h = Math.Max(0, Math.Min(inner.Y + inner.Side, outer.Y + outer.Side) - Math.Max(inner.Y, outer.Y));
        return w * h / (inner.Side * inner.Side);
    }

    private static float Iou(
        (float X0, float Y0, float X1, float Y1, float Score) a, (float X0, float Y0, float X1, float Y1, float Score) b)
    {
        var w = Math.Max(0, Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0));
        var h = Math.Max(0, Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0));
        var intersection = w * h;
        var union = ((a.X1 - a.X0) * (a.Y1 - a.Y0)) + ((b.X1 - b.X0) * (b.Y1 - b.Y0)) - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
