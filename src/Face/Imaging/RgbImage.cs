namespace Attendance.Face.Imaging;

/// <summary>8-bit RGB pixels, row-major, no padding: the one format every pipeline step reads.</summary>
internal sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (pixels.Length != width * height * 3)
            throw new ArgumentException("Pixel buffer does not match the dimensions.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Pixels { get; }

    /// <summary>Bilinear sample of one channel; outside the image reads as black, like OpenCV's default border.</summary>
    public float Sample(float x, float y, int channel)
    {
        var x0 = (int)MathF.Floor(x);
        var y0 = (int)MathF.Floor(y);
        var fx = x - x0;
        var fy = y - y0;
        var top = (At(x0, y0, channel) * (1 - fx)) + (At(x0 + 1, y0, channel) * fx);
        var bottom = (At(x0, y0 + 1, channel) * (1 - fx)) + (At(x0 + 1, y0 + 1, channel) * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    /// <summary>
    /// Mean of one channel over the source rectangle [x0, x1) × [y0, y1): a box filter, so shrinking a photo keeps
    /// what the model would see in a properly resized one. Small footprints fall back to a bilinear sample.
    /// </summary>
    public float Area(float x0, float y0, float x1, float y1, int channel)
    {
        if (x1 - x0 <= 1.5f && y1 - y0 <= 1.5f)
            return Sample(((x0 + x1) / 2) - 0.5f, ((y0 + y1) / 2) - 0.5f, channel);

        var ix0 = (int)MathF.Floor(x0);
        var iy0 = (int)MathF.Floor(y0);
        var ix1 = Math.Max(ix0 + 1, (int)MathF.Ceiling(x1));
        var iy1 = Math.Max(iy0 + 1, (int)MathF.Ceiling(y1));
        var sum = 0f;
        for (var y = iy0; y < iy1; y++)
        {
            for (var x = ix0; x < ix1; x++)
                sum += At(x, y, channel);
        }

        return sum / ((ix1 - ix0) * (iy1 - iy0));
    }

    private float At(int x, int y, int channel) =>
        (uint)x < (uint)Width && (uint)y < (uint)Height ? Pixels[(((y * Width) + x) * 3) + channel] : 0f;
}
