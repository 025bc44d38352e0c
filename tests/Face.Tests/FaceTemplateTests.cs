namespace Attendance.Face.Tests;

public sealed class FaceTemplateTests
{
    [Fact]
    public void Template_bytes_round_trip_exactly()
    {
        var embedding = Enumerable.Range(0, FaceTemplate.Dimensions).Select(i => MathF.Sin(i) / 7f).ToArray();

        var bytes = FaceTemplate.ToBytes(embedding);

        bytes.Length.Should().Be(FaceTemplate.ByteLength);
        bytes[0].Should().Be(FaceTemplate.CurrentVersion);
        FaceTemplate.FromBytes(bytes).Should().Equal(embedding);
    }

    [Fact]
    public void Template_floats_are_little_endian_after_the_version_byte()
    {
        var embedding = new float[FaceTemplate.Dimensions];
        embedding[0] = 1f;

        var bytes = FaceTemplate.ToBytes(embedding);

        bytes[..5].Should().Equal(new byte[] { 1, 0x00, 0x00, 0x80, 0x3F });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2048)]
    [InlineData(2050)]
    public void Bytes_of_the_wrong_length_are_refused(int length) =>
        FluentActions.Invoking(() => FaceTemplate.FromBytes(new byte[length])).Should().ThrowExactly<FormatException>();

    [Fact]
    public void An_unknown_version_is_refused()
    {
        var bytes = FaceTemplate.ToBytes(new float[FaceTemplate.Dimensions]);
        bytes[0] = 2;

        var e = FluentActions.Invoking(() => FaceTemplate.FromBytes(bytes)).Should().ThrowExactly<FormatException>().Which;

        e.Message.Should().Contain("version 2");
    }

    [Fact]
    public void Embeddings_of_the_wrong_size_or_with_non_finite_values_are_refused()
    {
        FluentActions.Invoking(() => FaceTemplate.ToBytes(new float[128])).Should().ThrowExactly<ArgumentException>();
        var nan = new float[FaceTemplate.Dimensions];
        nan[7] = float.NaN;
        FluentActions.Invoking(() => FaceTemplate.ToBytes(nan)).Should().ThrowExactly<ArgumentException>();
    }
}
