using System.Buffers.Binary;

namespace Attendance.BotHost.Punching.Photos;

public enum PhotoFormat
{
    Jpeg,
    Png,
}

/// <summary>
/// Recognises JPEG and PNG by their bytes and removes the metadata a phone writes into them (EXIF with GPS and
/// device serials, XMP, IPTC, comments, PNG text and eXIf chunks) by walking the container, without decoding
/// pixels. Anything that is not a well-formed container of either kind is refused.
/// </summary>
public static class PhotoSanitizer
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static PhotoFormat? Detect(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? PhotoFormat.Jpeg
        : bytes.Length >= 8 && bytes[..8].SequenceEqual(PngSignature) ? PhotoFormat.Png
        : null;

    /// <summary>The image without metadata, or null when the bytes are not a well-formed JPEG or PNG.</summary>
    public static byte[]? Strip(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Detect(bytes) switch
        {
            PhotoFormat.Jpeg => StripJpeg(bytes),
            PhotoFormat.Png => StripPng(bytes),
            _ => null,
        };
    }

    /// <summary>
    /// Keeps APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform, needed to decode CMYK);
    /// drops the other APPn segments and COM. Entropy-coded data after SOS is copied through to the next marker.
    /// </summary>
    private static byte[]? StripJpeg(byte[] b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(b, 0, 2);
        var i = 2;
        while (i + 2 <= b.Length)
        {
            if (b[i] != 0xFF)
            {
                return null;
            }

            var marker = b[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker == 0xD9)
            {
                output.Write(b, i, 2);
                return output.ToArray();
            }

            if (i + 4 > b.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
            if (length < 2 || i + 2 + length > b.Length)
            {
                return null;
            }

            var drop = marker is >= 0xE1 and <= 0xEF and not 0xE2 and not 0xEE or 0xFE;
            if (!drop)
            {
                output.Write(b, i, 2 + length);
            }

            i += 2 + length;
            if (marker == 0xDA)
            {
                var end = EntropyEnd(b, i);
                output.Write(b, i, end - i);
                i = end;
            }
        }

        return null;
    }

    /// <summary>The index of the first real marker after entropy-coded data (FF00 is a stuffed byte, FFD0–D7 restarts).</summary>
    private static int EntropyEnd(byte[] b, int i)
    {
        while (i + 1 < b.Length)
        {
            if (b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] is not (>= 0xD0 and <= 0xD7))
            {
                return i;
            }

            i++;
        }

        return b.Length;
    }

    private static byte[]? StripPng(byte[] b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(PngSignature);
        var i = 8;
        while (i + 12 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(i));
            if (length > int.MaxValue || i + 12 + (long)length > b.Length)
            {
                return null;
            }

            var type = System.Text.Encoding.ASCII.GetString(b, i + 4, 4);
            if (type is not ("tEXt" or "zTXt" or "iTXt" or "eXIf" or "tIME"))
            {
                output.Write(b, i, 12 + (int)length);
            }

            i += 12 + (int)length;
            if (type == "IEND")
            {
                return output.ToArray();
            }
        }

        return null;
    }
}
