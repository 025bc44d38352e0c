using SkiaSharp;

namespace Attendance.Browser.Tests;

/// <summary>
/// Chromium's fake camera plays a Y4M file: a text header, then per frame "FRAME\n" and the raw I420 planes (Y at
/// full size, U and V at half size each way). Made here from the face photo so no video tool is needed.
/// </summary>
public static class FakeCamera
{
    public static string WriteY4m(string jpegPath, string outputPath, int size = 320, int frames = 10)
    {
        using var source = SKBitmap.Decode(jpegPath) ?? throw new InvalidOperationException($"cannot decode {jpegPath}");
        using var scaled = source.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKFilterMode.Linear));
        var y = new byte[size * size];
        var u = new byte[size * size / 4];
        var v = new byte[size * size / 4];
        for (var row = 0; row < size; row++)
        {
            for (var col = 0; col < size; col++)
            {
                var c = scaled.GetPixel(col, row);
                y[(row * size) + col] = Clamp((0.299 * c.Red) + (0.587 * c.Green) + (0.114 * c.Blue));
                if (row % 2 == 0 && col % 2 == 0)
                {
                    var i = (row / 2 * (size / 2)) + (col / 2);
                    u[i] = Clamp(128 - (0.168736 * c.Red) - (0.331264 * c.Green) + (0.5 * c.Blue));
                    v[i] = Clamp(128 + (0.5 * c.Red) - (0.418688 * c.Green) - (0.081312 * c.Blue));
                }
            }
        }

        using var file = File.Create(outputPath);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{size} H{size} F10:1 Ip A1:1 C420jpeg\n"));
        for (var f = 0; f < frames; f++)
        {
            file.Write("FRAME\n"u8);
            file.Write(y);
            file.Write(u);
            file.Write(v);
        }

        return outputPath;
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
