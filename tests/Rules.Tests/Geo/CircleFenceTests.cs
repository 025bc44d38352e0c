using static Attendance.Rules.Tests.Geo.GeoFixtures;

namespace Attendance.Rules.Tests.Geo;

public class CircleFenceTests
{
    private static readonly CircleFence Office = new(TencentBuildingGcj, 200);

    public static TheoryData<string, double, double, FenceStatus> Cases => new()
    {
        // label, metres north of the centre, accuracy, expected
        { "centre, good fix", 0, 10, FenceStatus.Inside },
        { "centre, accuracy equal to the radius", 0, 200, FenceStatus.Inside },
        { "150 m, accuracy 30", 150, 30, FenceStatus.Inside },
        { "150 m, accuracy 60 pushes the rim out", 150, 60, FenceStatus.Inconclusive },
        { "150 m, accuracy coarser than the fence", 150, 250, FenceStatus.Inconclusive },
        { "300 m, coarse fix reaching the fence", 300, 250, FenceStatus.Inconclusive },
        { "250 m, accuracy 100 (finer than the fence)", 250, 100, FenceStatus.Outside },
        { "1.5 km, accuracy 20", 1_500, 20, FenceStatus.Outside },
        { "1.5 km, coarse fix not reaching the fence", 1_500, 500, FenceStatus.Outside },
        { "15 km, accuracy 20", 15_000, 20, FenceStatus.Outside },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measures_against_a_circle(string label, double north, double accuracy, FenceStatus expected)
    {
        var m = FenceEvaluator.Circle(Office, Offset(TencentBuildingGcj, 0, north), accuracy);
        expected.Should().Be(m.Status, $"{label}: {m}");
        m.DistanceMeters.Should().BeApproximately(north, north * 1e-3 + 0.01);
        m.GapMeters.Should().BeApproximately(Math.Max(0, north - 200), north * 1e-3 + 0.01);
    }

    [Fact]
    public void A_prepared_circle_measures_the_same()
    {
        var site = Circle("sz", TencentBuildingGcj, 200);
        var p = Offset(TencentBuildingGcj, 120, -80);
        PreparedFence.For(site).Measure(p, 15).Should().Be(FenceEvaluator.Circle(site.Circle!, p, 15));
    }

    [Fact]
    public void The_circle_box_holds_the_rim_in_every_direction()
    {
        var box = PreparedFence.For(Circle("north", new GeoPoint(45.75, 126.64), 5_000)).Box;
        for (var angle = 0; angle < 360; angle += 15)
        {
            var rad = angle * Math.PI / 180;
            box.Contains(Offset(new GeoPoint(45.75, 126.64), 5_000 * Math.Cos(rad), 5_000 * Math.Sin(rad))).Should().BeTrue();
        }
    }
}
