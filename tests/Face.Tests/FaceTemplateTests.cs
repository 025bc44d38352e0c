namespace Attendance.Face.Tests;

public sealed class FaceTemplateTests
{
    [Fact]
    public void Template_bytes_round_trip_exactly()
    {
        var embedding = Enumerable.Range(0, FaceTemplate.Dimensions).Select(i => MathF.Sin(i) / 7f).ToArray();

        var bytes = FaceTemplate.ToBytes(embedding);

        Assert.Equal(FaceTemplate.ByteLength, bytes.Length);
        Assert.Equal(FaceTemplate.CurrentVersion, bytes[0]);
        Assert.Equal(embedding, FaceTemplate.FromBytes(bytes));
    }

    [Fact]
    public void Template_floats_are_little_endian_after_the_version_byte()
    {
        var embedding = new float[FaceTemplate.Dimensions];
        embedding[0] = 1f;

        var bytes = FaceTemplate.ToBytes(embedding);

        Assert.Equal(new byte[] { 1, 0x00, 0x00, 0x80, 0x3F }, bytes[..5]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(2050)]
    public void Bytes_of_the_wrong_length_are_refused(int length) =>
        Assert.Throws<FormatException>(() => FaceTemplate.FromBytes(new byte[length]));

    [Fact]
    public void An_unknown_version_is_refused()
    {
        var bytes = FaceTemplate.ToBytes(new float[FaceTemplate.Dimensions]);
        bytes[0] = 2;

        var e = Assert.Throws<FormatException>(() => FaceTemplate.FromBytes(bytes));

        Assert.Contains("version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embeddings_of_the_wrong_size_or_with_non_finite_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FaceTemplate.ToBytes(new float[128]));
        var nan = new float[FaceTemplate.Dimensions];
        nan[7] = float.NaN;
        Assert.Throws<ArgumentException>(() => FaceTemplate.ToBytes(nan));
    }
}
