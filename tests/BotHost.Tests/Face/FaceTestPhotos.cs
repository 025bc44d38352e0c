using SkiaSharp;

namespace Attendance.BotHost.Tests.Face;

/// <summary>The public-domain fixture photos (tests/Face.Tests/Fixtures/faces/PROVENANCE.md) and images composed from them.</summary>
internal static class FaceTestPhotos
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "faces");

    public static IReadOnlyList<string> People =>
        [.. Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static IReadOnlyList<byte[]> Of(string person) =>
        [.. Directory.GetFiles(Path.Combine(Root, person), "*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    /// <summary>Two photos side by side on one canvas: a group photo.</summary>
    public static byte[] SideBySide(byte[] left, byte[] right)
    {
        using var a = SKImage.FromEncodedData(left);
        using var b = SKImage.FromEncodedData(right);
        using var surface = SKSurface.Create(new SKImageInfo(a.Width + b.Width, Math.Max(a.Height, b.Height)));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(a, 0, 0, SKSamplingOptions.Default);
        surface.Canvas.DrawImage(b, a.Width, 0, SKSamplingOptions.Default);
        return Encode(surface, SKEncodedImageFormat.Jpeg);
    }

    /// <summary>A photo shrunk to <paramref name="side"/> pixels in the middle of a large grey canvas: a face too small to compare.</summary>
    public static byte[] SmallInLargeCanvas(byte[] photo, int side, int canvas)
    {
        using var image = SKImage.FromEncodedData(photo);
        using var surface = SKSurface.Create(new SKImageInfo(canvas, canvas));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        var offset = (canvas - side) / 2f;
        surface.Canvas.DrawImage(image, SKRect.Create(offset, offset, side, side), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return Encode(surface, SKEncodedImageFormat.Jpeg);
    }

    /// <summary>A smooth colour gradient: an image with no face in it.</summary>
    public static byte[] Gradient(int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [new SKColor(30, 60, 200), new SKColor(240, 200, 40), new SKColor(20, 160, 90)], SKShaderTileMode.Clamp),
        };
        surface.Canvas.DrawRect(0, 0, width, height, paint);
        return Encode(surface, SKEncodedImageFormat.Jpeg);
    }

    private static byte[] Encode(SKSurface surface, SKEncodedImageFormat format)
    {
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(format, 92);
        return data.ToArray();
    }
}
