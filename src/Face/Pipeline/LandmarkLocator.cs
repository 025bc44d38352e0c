using Attendance.Face.Imaging;

namespace Attendance.Face.Pipeline;

/// <summary>68-point landmarks from a 64×64 grey crop of the square box, reduced to the five ArcFace points.</summary>
internal static class LandmarkLocator
{
    public const int InputSide = 64;

    public static float[] Prepare(RgbImage image, FaceBox box)
    {
        var crop = Resampler.Crop(image, box.X, box.Y, box.Side, box.Side, InputSide, InputSide);
        var tensor = new float[InputSide * InputSide];
        for (var i = 0; i < tensor.Length; i++)
        {
            var p = crop.Pixels.AsSpan(i * 3, 3);
            var grey = MathF.Round((0.299f * p[0]) + (0.587f * p[1]) + (0.114f * p[2]));
            tensor[i] = grey / 256f;
        }

        return tensor;
    }

    /// <summary>
    /// Eye centres are the mean of four eyelid points each (0-based 37, 38, 40, 41 and 43, 44, 46, 47), the nose
    /// tip is 30, mouth corners the mean of the outer and inner lip corners (48, 60 and 54, 64).
    /// </summary>
    public static FacePoint[] FivePoints(float[] output, FaceBox box)
    {
        FacePoint P(int i) => new(box.X + (output[i * 2] * box.Side), box.Y + (output[(i * 2) + 1] * box.Side));
        FacePoint Mean(params int[] indices)
        {
            float x = 0, y = 0;
            foreach (var i in indices)
            {
                var p = P(i);
                x += p.X;
                y += p.Y;
            }

            return new FacePoint(x / indices.Length, y / indices.Length);
        }

        return [Mean(37, 38, 40, 41), Mean(43, 44, 46, 47), P(30), Mean(48, 60), Mean(54, 64)];
    }
}
