using System.Buffers.Binary;
using System.Text;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>Small, structurally real JPEG and PNG files with the metadata phones write, built byte by byte.</summary>
public static class TestImages
{
    public const string Secret = "GPS 31.2304N 121.4737E serial SN-4711";

    public static byte[] JpegWithMetadata(int padding = 0) => Jpeg(withMetadata: true, padding);

    /// <summary>The same JPEG as <see cref="JpegWithMetadata"/> with its APP1 (EXIF) and COM segments removed.</summary>
    public static byte[] JpegStripped(int padding = 0) => Jpeg(withMetadata: false, padding);

    public static byte[] PngWithMetadata() => Png(withMetadata: true);

    public static byte[] PngStripped() => Png(withMetadata: false);

    private static byte[] Jpeg(bool withMetadata, int padding)
    {
        var b = new List<byte> { 0xFF, 0xD8 };
        Segment(b, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (withMetadata)
        {
            Segment(b, 0xE1, [.. "Exif\0\0"u8, .. Encoding.ASCII.GetBytes(Secret)]);
            Segment(b, 0xFE, Encoding.ASCII.GetBytes("taken by " + Secret));
        }

        Segment(b, 0xE2, [.. "ICC_PROFILE\0"u8, 1, 1]);
        Segment(b, 0xDB, [0, .. Enumerable.Range(1, 64).Select(i => (byte)i)]);
        Segment(b, 0xC0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        Segment(b, 0xDA, [1, 1, 0, 0, 63, 0]);
        b.AddRange([0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD0, 0x78]);
        b.AddRange(Enumerable.Range(0, padding).Select(i => (byte)(i % 0xF0)));
        if (withMetadata)
        {
            // Some editors append a comment after the scan; it must go too.
            Segment(b, 0xFE, Encoding.ASCII.GetBytes(Secret));
        }

        b.AddRange([0xFF, 0xD9]);
        return [.. b];
    }

    private static void Segment(List<byte> b, byte marker, byte[] data)
    {
        b.AddRange([0xFF, marker, (byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        b.AddRange(data);
    }

    private static byte[] Png(bool withMetadata)
    {
        var b = new List<byte> { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };
        Chunk(b, "IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
        if (withMetadata)
        {
            Chunk(b, "tEXt", Encoding.Latin1.GetBytes("Comment\0" + Secret));
            Chunk(b, "eXIf", Encoding.ASCII.GetBytes("MM\0*" + Secret));
        }

        Chunk(b, "IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
        if (withMetadata)
        {
            Chunk(b, "iTXt", Encoding.UTF8.GetBytes("Location\0\0\0\0\0" + Secret));
        }

        Chunk(b, "IEND", []);
        return [.. b];
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
