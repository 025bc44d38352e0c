using SkiaSharp;

namespace Attendance.Testing.Faces;

/// <summary>
/// The public-domain fixture photos (tests/Face.Tests/Fixtures/faces/PROVENANCE.md, copied beside each test project
/// that uses them) and images composed from them, for the face engine's tests and the host's.
/// </summary>
public static class FacePhotos
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures", "faces");

    public static IReadOnlyList<string> People =>
        [.. Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    /// <summary>The paths of one person's photos.</summary>
    public static IReadOnlyList<string> Paths(string person) =>
        [.. Directory.GetFiles(Path.Combine(Root, person), "*.jpg").Order(StringComparer.Ordinal)];

    public static byte[] Read(string path) => File.ReadAllBytes(path);

    /// <summary>One person's photos, read.</summary>
    public static IReadOnlyList<byte[]> Photos(string person) => [.. Paths(person).Select(File.ReadAllBytes)];

    /// <summary>Two photos side by side on one canvas: a group photo.</summary>
    public static byte[] SideBySide(byte[] left, byte[] right)
    {
        using var a = SKImage.FromEncodedData(left);
        using var b = SKImage.FromEncodedData(right);
        return SideBySide(a, b);
    }

    /// <summary>A photo shrunk to <paramref name="side"/> pixels in the middle of a large grey canvas.</summary>
    public static byte[] SmallInLargeCanvas(byte[] photo, int side, int canvas)
    {
        using var image = SKImage.FromEncodedData(photo);
        return SmallInLargeCanvas(image, side, canvas);
    }

    public static byte[] SideBySide(string left, string right) => SideBySide(File.ReadAllBytes(left), File.ReadAllBytes(right));

    public static byte[] SmallInLargeCanvas(string photo, int side, int canvas) => SmallInLargeCanvas(File.ReadAllBytes(photo), side, canvas);

    private static byte[] SideBySide(SKImage a, SKImage b)
    {
        using var surface = SKSurface.Create(new SKImageInfo(a.Width + b.Width, Math.Max(a.Height, b.Height)));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(a, 0, 0, SKSamplingOptions.Default);
        surface.Canvas.DrawImage(b, a.Width, 0, SKSamplingOptions.Default);
        return Encode(surface, SKEncodedImageFormat.Jpeg);
    }

    private static byte[] SmallInLargeCanvas(SKImage image, int side, int canvas)
    {
        using var surface = SKSurface.Create(new SKImageInfo(canvas, canvas));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        var offset = (canvas - side) / 2f;
        surface.Canvas.DrawImage(image, SKRect.Create(offset, offset, side, side),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return Encode(surface, SKEncodedImageFormat.Jpeg);
    }

    /// <summary>The photo drawn at <paramref name="scale"/> times its size at the left of a wider white canvas.</summary>
    public static byte[] OnWideCanvas(string photo, float scale, int extraWidth)
    {
        using var image = SKImage.FromEncodedData(photo);
        var side = (int)(image.Width * scale);
        using var surface = SKSurface.Create(new SKImageInfo(side + extraWidth, side));
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.DrawImage(image, SKRect.Create(0, 0, side, side),
            new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return Encode(surface, SKEncodedImageFormat.Jpeg);
    }

    /// <summary>
    /// The image stored turned a quarter anticlockwise with EXIF orientation 6 ("turn clockwise to display"), as
    /// phone cameras write portrait photos: decoded as displayed, it is the original again.
    /// </summary>
    public static byte[] StoredSidewaysWithExif(byte[] jpeg)
    {
        using var image = SKImage.FromEncodedData(jpeg);
        using var surface = SKSurface.Create(new SKImageInfo(image.Height, image.Width));
        surface.Canvas.Translate(0, image.Width);
        surface.Canvas.RotateDegrees(-90);
        surface.Canvas.DrawImage(image, 0, 0, SKSamplingOptions.Default);
        var stored = Encode(surface, SKEncodedImageFormat.Jpeg);

        // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation (0x0112) = 6, right after the APP0.
        byte[] app1 =
        [
            0xFF, 0xE1, 0x00, 0x22, (byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0,
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08,
            0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00,
        ];
        var insertAt = stored[3] == 0xE0 ? 4 + ((stored[4] << 8) | stored[5]) : 2;
        return [.. stored[..insertAt], .. app1, .. stored[insertAt..]];
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
        return Encode(surface, SKEncodedImageFormat.Png);
    }

    /// <summary>The photo re-encoded as PNG.</summary>
    public static byte[] AsPng(string photo)
    {
        using var bitmap = SKBitmap.Decode(photo);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] Encode(SKSurface surface, SKEncodedImageFormat format)
    {
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(format, 92);
        return data.ToArray();
    }
}
