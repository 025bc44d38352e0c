namespace Attendance.Face.Imaging;

internal static class Resampler
{
    /// <summary>The whole image stretched to the given size (area average when shrinking).</summary>
    public static RgbImage Resize(RgbImage image, int width, int height) =>
        Crop(image, 0, 0, image.Width, image.Height, width, height);

    /// <summary>The source rectangle (may reach outside the image: black there) resampled to the given size.</summary>
    public static RgbImage Crop(RgbImage image, float x, float y, float w, float h, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        var sx = w / width;
        var sy = h / height;
        for (var row = 0; row < height; row++)
        {
            var y0 = y + (row * sy);
            for (var col = 0; col < width; col++)
            {
                var x0 = x + (col * sx);
                var o = ((row * width) + col) * 3;
                for (var c = 0; c < 3; c++)
                    pixels[o + c] = (byte)Math.Clamp(MathF.Round(image.Area(x0, y0, x0 + sx, y0 + sy, c)), 0, 255);
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
