using SkiaSharp;

namespace Attendance.BotHost.Punching.Photos;

public enum PhotoFormat
{
    Jpeg,
    Png,
}

public enum PhotoRefusal
{
    None,

    /// <summary>Neither JPEG nor PNG by its bytes.</summary>
    NotAnImage,

    /// <summary>JPEG or PNG by its first bytes, but it does not decode completely.</summary>
    Malformed,

    /// <summary>Its header declares more pixels than allowed; nothing was decoded.</summary>
    TooManyPixels,
}

/// <summary>The re-encoded JPEG (null when refused), why it was refused, and the size the header declared.</summary>
public sealed record PhotoCheck(byte[]? Jpeg, PhotoRefusal Refusal, long Pixels);

/// <summary>
/// Accepts a JPEG or PNG only if it decodes, with at most the allowed pixels as its header declares (read before any
/// pixel is decoded), and returns a fresh JPEG of its pixels: upright (the EXIF orientation applied), transparent
/// areas on white, sRGB. Nothing of the upload but its pixels survives: no EXIF or GPS, XMP, IPTC, comments,
/// thumbnails, APPn or PNG chunks of any kind. At most one decode per core runs at a time, so a burst of large photos
/// cannot hold more than that many decoded bitmaps in memory.
/// </summary>
public static class PhotoSanitizer
{
    public const int JpegQuality = 90;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly SemaphoreSlim Decoders = new(Environment.ProcessorCount, Environment.ProcessorCount);

    public static PhotoFormat? Detect(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? PhotoFormat.Jpeg
        : bytes.Length >= 8 && bytes[..8].SequenceEqual(PngSignature) ? PhotoFormat.Png
        : null;

    /// <summary><see cref="Normalize"/> behind the per-core gate.</summary>
    public static async Task<PhotoCheck> NormalizeAsync(byte[] bytes, long maxPixels, CancellationToken cancellationToken)
    {
        await Decoders.WaitAsync(cancellationToken);
        try
        {
            return Normalize(bytes, maxPixels);
        }
        finally
        {
            Decoders.Release();
        }
    }

    public static PhotoCheck Normalize(byte[] bytes, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (Detect(bytes) is not { } format)
        {
            return new PhotoCheck(null, PhotoRefusal.NotAnImage, 0);
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.EncodedFormat != (format == PhotoFormat.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png))
        {
            return new PhotoCheck(null, PhotoRefusal.Malformed, 0);
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var pixels = (long)width * height;
        if (width <= 0 || height <= 0)
        {
            return new PhotoCheck(null, PhotoRefusal.Malformed, 0);
        }

        if (pixels > maxPixels)
        {
            return new PhotoCheck(null, PhotoRefusal.TooManyPixels, pixels);
        }

        using var srgb = SKColorSpace.CreateSrgb();
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, srgb);
        using var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            return new PhotoCheck(null, PhotoRefusal.Malformed, pixels);
        }

        return new PhotoCheck(Encode(bitmap, codec.EncodedOrigin, codec.Info.AlphaType == SKAlphaType.Opaque, srgb), PhotoRefusal.None, pixels);
    }

    private static byte[] Encode(SKBitmap bitmap, SKEncodedOrigin origin, bool opaque, SKColorSpace srgb)
    {
        if (origin == SKEncodedOrigin.TopLeft && opaque)
        {
            using var direct = bitmap.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
            return direct.ToArray();
        }

        var (w, h) = (bitmap.Width, bitmap.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        using var surface = SKSurface.Create(new SKImageInfo(swaps ? h : w, swaps ? w : h, SKColorType.Rgba8888, SKAlphaType.Premul, srgb));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.SetMatrix(Orientation(origin, w, h));
        using (var image = SKImage.FromBitmap(bitmap))
        {
            surface.Canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        }

        surface.Canvas.Flush();
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, JpegQuality);
        return encoded.ToArray();
    }

    /// <summary>Maps stored pixel (x, y) of a <paramref name="w"/>×<paramref name="h"/> image to where it is displayed (EXIF orientation 1–8).</summary>
    private static SKMatrix Orientation(SKEncodedOrigin origin, float w, float h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
