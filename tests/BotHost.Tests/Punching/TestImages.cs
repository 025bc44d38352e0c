using System.Buffers.Binary;
using SkiaSharp;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>
/// Small real JPEG and PNG photos (they decode) carrying the metadata phones and editors write, inserted byte by
/// byte: EXIF with GPS, comments, a JFXX thumbnail, an APP2 that is not ICC, PNG text, eXIf and an unknown chunk.
/// </summary>
public static class TestImages
{
    public const string Secret = "GPS 31.2304N 121.4737E serial SN-4711";

    /// <summary>What an unknown PNG chunk and a non-ICC APP2 carry in these images.</summary>
    public const string Location = "lat=31.23";

    public const int Width = 24;
    public const int Height = 16;

    /// <summary>A decodable <see cref="Width"/>×<see cref="Height"/> JPEG with metadata; <paramref name="padding"/> more bytes of comments.</summary>
    public static byte[] JpegWithMetadata(int padding = 0)
    {
        var plain = Encode(SKEncodedImageFormat.Jpeg);
        // After SOI and the encoder's JFIF APP0.
        var afterApp0 = 2 + 2 + BinaryPrimitives.ReadUInt16BigEndian(plain.AsSpan(4));
        var b = new List<byte>(plain[..afterApp0]);
        Segment(b, 0xE0, [.. "JFXX\0"u8, 0x13, 2, 1, .. Enumerable.Repeat((byte)0x80, 12), .. Encoding.ASCII.GetBytes(Secret)]);
        Segment(b, 0xE1, [.. "Exif\0\0"u8, .. Encoding.ASCII.GetBytes(Secret)]);
        Segment(b, 0xE2, [.. "NOT_ICC\0"u8, .. Encoding.ASCII.GetBytes(Location)]);
        Segment(b, 0xFE, Encoding.ASCII.GetBytes("taken by " + Secret));
        for (var left = padding; left > 0; left -= 60_000)
        {
            Segment(b, 0xFE, [.. Enumerable.Repeat((byte)'p', Math.Min(left, 60_000))]);
        }

        b.AddRange(plain[afterApp0..^2]);
        // Some editors append a comment after the scan; it must go too.
        Segment(b, 0xFE, Encoding.ASCII.GetBytes(Secret));
        b.AddRange([0xFF, 0xD9]);
        return [.. b];
    }

    /// <summary>
    /// A <see cref="Width"/>×<see cref="Height"/> JPEG, blue with a red top-left corner, whose EXIF says orientation
    /// <paramref name="orientation"/> (6: shown turned 90° clockwise, as phones held upright store it).
    /// </summary>
    public static byte[] JpegWithOrientation(ushort orientation)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        surface.Canvas.Clear(new SKColor(0, 0, 255));
        using (var red = new SKPaint { Color = new SKColor(255, 0, 0) })
        {
            surface.Canvas.DrawRect(0, 0, 6, 6, red);
        }

        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 95);
        var plain = data.ToArray();
        // TIFF big-endian, one IFD entry: Orientation (0x0112), SHORT, 1, value; no next IFD.
        byte[] exif = [.. "Exif\0\0"u8, .. "MM\0*"u8, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0];
        var b = new List<byte>(plain[..2]);
        Segment(b, 0xE1, exif);
        b.AddRange(plain[2..]);
        return [.. b];
    }

    /// <summary>A decodable PNG with tEXt, eXIf, iTXt and an unknown ancillary chunk carrying <see cref="Location"/>.</summary>
    public static byte[] PngWithMetadata()
    {
        var plain = Encode(SKEncodedImageFormat.Png);
        var afterIhdr = 8 + 12 + 13;
        var b = new List<byte>(plain[..afterIhdr]);
        Chunk(b, "tEXt", Encoding.Latin1.GetBytes("Comment\0" + Secret));
        Chunk(b, "eXIf", Encoding.ASCII.GetBytes("MM\0*" + Secret));
        b.AddRange(plain[afterIhdr..^12]);
        Chunk(b, "iTXt", Encoding.UTF8.GetBytes("Location\0\0\0\0\0" + Secret));
        Chunk(b, "prVt", Encoding.ASCII.GetBytes(Location));
        Chunk(b, "IEND", []);
        return [.. b];
    }

    /// <summary>A structurally valid PNG header declaring <paramref name="width"/>×<paramref name="height"/>, with a tiny IDAT.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var b = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        Chunk(b, "IHDR", ihdr);
        Chunk(b, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        Chunk(b, "IEND", []);
        return [.. b];
    }

    /// <summary>
    /// Asserts that <paramref name="stored"/> is a baseline JPEG of the test image's size holding pixels only: before
    /// the scan nothing but JFIF, quantisation, frame, Huffman and restart segments (and an ICC profile), and none of
    /// the metadata of <see cref="JpegWithMetadata"/> or <see cref="PngWithMetadata"/> anywhere.
    /// </summary>
    public static void AssertPixelsOnly(byte[] stored)
    {
        (stored is [0xFF, 0xD8, ..]).Should().BeTrue("not a JPEG");
        using (var bitmap = SKBitmap.Decode(stored))
        {
            bitmap.Should().NotBeNull();
            ((bitmap.Width, bitmap.Height)).Should().Be((Width, Height));
        }

        var text = Encoding.Latin1.GetString(stored);
        foreach (var leak in new[] { Secret, Location, "JFXX", "NOT_ICC", "Exif", "taken by" })
        {
            text.Should().NotContain(leak);
        }

        var i = 2;
        while (stored[i + 1] != 0xDA)
        {
            var marker = stored[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(stored.AsSpan(i + 2));
            var allowed = marker is 0xDB or 0xC0 or 0xC1 or 0xC2 or 0xC4 or 0xDD
                || (marker == 0xE0 && text.AsSpan(i + 4, 5).SequenceEqual("JFIF\0"))
                || (marker == 0xE2 && text.AsSpan(i + 4, 12).SequenceEqual("ICC_PROFILE\0"));
            allowed.Should().BeTrue($"segment FF{marker:X2} survived");
            i += 2 + length;
        }
    }

    private static byte[] Encode(SKEncodedImageFormat format)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        using var paint = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(Width, Height),
                [new SKColor(200, 40, 40), new SKColor(40, 40, 200)], SKShaderTileMode.Clamp),
        };
        surface.Canvas.DrawRect(0, 0, Width, Height, paint);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(format, 90);
        return data.ToArray();
    }

    private static void Segment(List<byte> b, byte marker, byte[] data)
    {
        b.AddRange([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        b.AddRange(data);
    }

    private static void Chunk(List<byte> b, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        b.AddRange(length);
        b.AddRange(Encoding.ASCII.GetBytes(type));
        b.AddRange(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32([.. Encoding.ASCII.GetBytes(type), .. data]));
        b.AddRange(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var x in bytes)
        {
            crc ^= x;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
