using Attendance.Face.Imaging;

namespace Attendance.Face.Pipeline;

/// <summary>Warps the face onto the standard 112×112 ArcFace layout with a least-squares similarity transform.</summary>
internal static class FaceAligner
{
    public const int OutputSide = 112;

    private static readonly FacePoint[] Reference =
    [
        new(38.2946f, 51.6963f), new(73.5318f, 51.5014f), new(56.0252f, 71.7366f),
        new(41.5493f, 92.3655f), new(70.7299f, 92.2041f),
    ];

    public static float[] Prepare(RgbImage image, IReadOnlyList<FacePoint> fivePoints)
    {
        var (a, b, tx, ty) = Similarity(fivePoints, Reference);
        var norm = (a * a) + (b * b);
        var plane = OutputSide * OutputSide;
        var tensor = new float[plane * 3];
        for (var v = 0; v < OutputSide; v++)
        {
            for (var u = 0; u < OutputSide; u++)
            {
                // Inverse of (x, y) ↦ (a·x − b·y + tx, b·x + a·y + ty): where the output pixel comes from.
                var du = u - tx;
                var dv = v - ty;
                var x = ((a * du) + (b * dv)) / norm;
                var y = ((a * dv) - (b * du)) / norm;
                for (var c = 0; c < 3; c++)
                    tensor[(c * plane) + (v * OutputSide) + u] = (image.Sample((float)x, (float)y, c) - 127f) / 128f;
            }
        }

        return tensor;
    }

    /// <summary>
    /// Rotation + uniform scale + translation mapping <paramref name="source"/> onto <paramref name="target"/> with
    /// the least squared error (Umeyama's solution, which in 2D is a complex-number ratio; no reflection).
    /// </summary>
    internal static (double A, double B, double Tx, double Ty) Similarity(
        IReadOnlyList<FacePoint> source, IReadOnlyList<FacePoint> target)
    {
        double sx = 0, sy = 0, tx = 0, ty = 0;
        for (var i = 0; i < source.Count; i++)
        {
            sx += source[i].X;
            sy += source[i].Y;
            tx += target[i].X;
            ty += target[i].Y;
        }

        sx /= source.Count;
        sy /= source.Count;
        tx /= source.Count;
        ty /= source.Count;

        double dotReal = 0, dotImaginary = 0, energy = 0;
        for (var i = 0; i < source.Count; i++)
        {
            var px = source[i].X - sx;
            var py = source[i].Y - sy;
            var qx = target[i].X - tx;
            var qy = target[i].Y - ty;
            dotReal += (px * qx) + (py * qy);
            dotImaginary += (px * qy) - (py * qx);
            energy += (px * px) + (py * py);
        }

        if (energy <= 0)
            return (1, 0, tx - sx, ty - sy);
        var a = dotReal / energy;
        var b = dotImaginary / energy;
        return (a, b, tx - ((a * sx) - (b * sy)), ty - ((b * sx) + (a * sy)));
    }
}
