using SkiaSharp;

namespace Attendance.Face.Imaging;

/// <summary>Decodes JPEG, PNG, WebP, ... with SkiaSharp, applies the EXIF orientation, and shrinks large photos.</summary>
internal static class ImageDecoder
{
    /// <summary>
    /// The image as displayed, at most <paramref name="maxSide"/> on its longer side, and the factor from its pixels
    /// back to the original's; null when the bytes are not a decodable image or declare too many pixels.
    /// </summary>
    public static (RgbImage Image, float Scale, int Width, int Height)? Decode(byte[] bytes, int maxSide, long maxPixels)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            return null;

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0 || (long)info.Width * info.Height > maxPixels)
            return null;

        // JPEG decodes at 1/2, 1/4, 1/8 for free: ask for the smallest size still at least maxSide.
        var wanted = Math.Min(1f, (float)maxSide / Math.Max(info.Width, info.Height));
        var size = codec.GetScaledDimensions(wanted);
        if (Math.Max(size.Width, size.Height) < Math.Min(maxSide, Math.Max(info.Width, info.Height)))
            size = info.Size;

        var decodeInfo = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(decodeInfo);
        var result = codec.GetPixels(decodeInfo, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            return null;

        var rgb = ToRgb(bitmap);
        var shrunk = Shrink(rgb, maxSide);
        var oriented = Orient(shrunk, codec.EncodedOrigin);
        var swaps = codec.EncodedOrigin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swaps ? (info.Height, info.Width) : (info.Width, info.Height);
        return (oriented, (float)width / oriented.Width, width, height);
    }

    private static RgbImage ToRgb(SKBitmap bitmap)
    {
        var source = bitmap.GetPixelSpan();
        var pixels = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, j = 0; j < pixels.Length; i += 4, j += 3)
        {
            // Transparent areas read as white, the usual background of a transparent PNG.
            var alpha = source[i + 3];
            for (var c = 0; c < 3; c++)
                pixels[j + c] = (byte)(((source[i + c] * alpha) + (255 * (255 - alpha)) + 127) / 255);
        }

        return new RgbImage(bitmap.Width, bitmap.Height, pixels);
    }

    private static RgbImage Shrink(RgbImage image, int maxSide)
    {
        var longer = Math.Max(image.Width, image.Height);
        if (longer <= maxSide)
            return image;
        var width = Math.Max(1, (int)Math.Round((double)image.Width * maxSide / longer));
        var height = Math.Max(1, (int)Math.Round((double)image.Height * maxSide / longer));
        return Resampler.Resize(image, width, height);
    }

    private static RgbImage Orient(RgbImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft)
            return image;

        var (w, h) = (image.Width, image.Height);
        var transposed = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (outW, outH) = transposed ? (h, w) : (w, h);
        var pixels = new byte[image.Pixels.Length];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                // Where the displayed pixel (x, y) is stored in the encoded image, per the EXIF orientation tag.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    SKEncodedOrigin.LeftBottom => (w - 1 - y, x),
                    _ => (x, y),
                };
                Buffer.BlockCopy(image.Pixels, ((sy * w) + sx) * 3, pixels, ((y * outW) + x) * 3, 3);
            }
        }

        return new RgbImage(outW, outH, pixels);
    }
}
