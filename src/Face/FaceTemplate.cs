using System.Buffers.Binary;

namespace Attendance.Face;

/// <summary>
/// The stored form of an embedding: one version byte, then the floats as little-endian float32. The host encrypts
/// these bytes at rest; the version lets a replaced model pack refuse templates made by another one.
/// </summary>
public static class FaceTemplate
{
    public const byte CurrentVersion = 1;
    public const int Dimensions = 512;
    public const int ByteLength = 1 + (Dimensions * sizeof(float));

    public static byte[] ToBytes(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimensions)
            throw new ArgumentException($"An embedding has {Dimensions} values, not {embedding.Length}.", nameof(embedding));

        var bytes = new byte[ByteLength];
        bytes[0] = CurrentVersion;
        for (var i = 0; i < Dimensions; i++)
        {
            if (!float.IsFinite(embedding[i]))
                throw new ArgumentException("An embedding holds only finite values.", nameof(embedding));
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(1 + (i * sizeof(float))), embedding[i]);
        }

        return bytes;
    }

    /// <summary>Reads bytes written by <see cref="ToBytes"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ByteLength)
            throw new FormatException($"A face template is {ByteLength} bytes, not {bytes.Length}.");
        if (bytes[0] != CurrentVersion)
            throw new FormatException($"Face template version {bytes[0]} is not supported (expected {CurrentVersion}).");

        var embedding = new float[Dimensions];
        for (var i = 0; i < Dimensions; i++)
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(bytes[(1 + (i * sizeof(float)))..]);
            if (!float.IsFinite(value))
                throw new FormatException("A face template holds a non-finite value.");
            embedding[i] = value;
        }

        return embedding;
    }
}
