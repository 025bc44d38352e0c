namespace Attendance.Face.Tests;

public sealed class FaceDecisionTests
{
    [Theory]
    [InlineData(new float[] { 1, 0 }, new float[] { 1, 0 }, 1f)]
    [InlineData(new float[] { 1, 0 }, new float[] { 0, 1 }, 0f)]
    [InlineData(new float[] { 1, 0 }, new float[] { -1, 0 }, -1f)]
    [InlineData(new float[] { 3, 4 }, new float[] { 6, 8 }, 1f)]
    [InlineData(new float[] { 1, 1 }, new float[] { 1, 0 }, 0.70710677f)]
    [InlineData(new float[] { 0, 0 }, new float[] { 1, 0 }, 0f)]
    public void Cosine(float[] a, float[] b, float expected) =>
        FaceMath.Cosine(a, b).Should().BeApproximately(expected, 5e-6f);

    [Fact]
    public void Cosine_of_vectors_of_different_lengths_is_refused() =>
        FluentActions.Invoking(() => FaceMath.Cosine([1f, 2f], [1f])).Should().ThrowExactly<ArgumentException>();

    [Theory]
    [InlineData(0.95f, FaceVerdict.Match)]
    [InlineData(0.40f, FaceVerdict.Match)]
    [InlineData(0.3999f, FaceVerdict.Uncertain)]
    [InlineData(0.30f, FaceVerdict.Uncertain)]
    [InlineData(0.2999f, FaceVerdict.Mismatch)]
    [InlineData(-0.5f, FaceVerdict.Mismatch)]
    [InlineData(float.NaN, FaceVerdict.Uncertain)]
    public void Decide_at_match_040_review_030(float similarity, FaceVerdict expected) =>
        FaceDecision.Decide(similarity, 0.40f, 0.30f).Should().Be(expected);

    [Theory]
    [InlineData(0.5f, FaceVerdict.Match)]
    [InlineData(0.49f, FaceVerdict.Mismatch)]
    public void Equal_thresholds_leave_no_review_band(float similarity, FaceVerdict expected) =>
        FaceDecision.Decide(similarity, 0.5f, 0.5f).Should().Be(expected);

    [Fact]
    public void A_review_threshold_above_the_match_threshold_is_refused() =>
        FluentActions.Invoking(() => FaceDecision.Decide(0.5f, 0.3f, 0.4f)).Should().ThrowExactly<ArgumentException>();

    [Fact]
    public void Default_thresholds_are_the_calibrated_ones() =>
        FaceThresholds.Default.Should().Be(new FaceThresholds(0.40f, 0.30f));
}
