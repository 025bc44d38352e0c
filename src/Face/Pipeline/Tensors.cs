using Attendance.Face.Imaging;

namespace Attendance.Face.Pipeline;

internal static class Tensors
{
    /// <summary>HWC RGB bytes to a CHW float tensor, each value mapped by <paramref name="scale"/>.</summary>
    public static float[] Planar(RgbImage image, Func<float, float> scale)
    {
        var plane = image.Width * image.Height;
        var tensor = new float[plane * 3];
        for (var i = 0; i < plane; i++)
        {
            for (var c = 0; c < 3; c++)
                tensor[(c * plane) + i] = scale(image.Pixels[(i * 3) + c]);
        }

        return tensor;
    }
}
