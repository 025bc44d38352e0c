using static Attendance.Rules.Tests.Geo.GeoFixtures;

namespace Attendance.Rules.Tests.Geo;

public class PolygonFenceTests
{
    private static readonly GeoPoint Origin = ChinaDatum.Wgs84ToGcj02(PeoplesSquareWgs);

    // A 200 m square centred on the origin.
    private static readonly PreparedFence Square =
        PreparedFence.For(Polygon("square", Origin, (-100, -100), (100, -100), (100, 100), (-100, 100)));

    // An L: the north-east quarter of a 200 m square is cut away.
    private static readonly PreparedFence Ell =
        PreparedFence.For(Polygon("ell", Origin, (0, 0), (200, 0), (200, 100), (100, 100), (100, 200), (0, 200)));

    public static TheoryData<string, string, double, double, double, FenceStatus, double> Cases => new()
    {
        // label, fence, east, north, accuracy, expected, reported distance (0 inside)
        { "centre", "square", 0, 0, 10, FenceStatus.Inside, 0 },
        { "centre, accuracy beyond the edges", "square", 0, 0, 150, FenceStatus.Inconclusive, 0 },
        { "just inside, fine fix", "square", 95, 0, 3, FenceStatus.Inside, 0 },
        { "just inside, accuracy crosses the edge", "square", 95, 0, 10, FenceStatus.Inconclusive, 0 },
        { "just outside", "square", 105, 0, 3, FenceStatus.Outside, 5 },
        { "outside past a corner", "square", 130, 140, 10, FenceStatus.Outside, 50 },
        { "on a vertex, exact fix", "square", 100, 100, 0, FenceStatus.Inside, 0 },
        { "on a vertex", "square", 100, 100, 5, FenceStatus.Inconclusive, 0 },
        { "on an edge", "square", 0, -100, 5, FenceStatus.Inconclusive, 0 },
        { "near, coarser than the polygon", "square", 150, 0, 500, FenceStatus.Inconclusive, 50 },
        { "2 km, coarse but not reaching", "square", 2_100, 0, 500, FenceStatus.Outside, 2_000 },
        { "15 km", "square", 0, 15_100, 30, FenceStatus.Outside, 15_000 },
        { "concave: in the notch", "ell", 150, 150, 10, FenceStatus.Outside, 50 },
        { "concave: in the arm", "ell", 50, 150, 40, FenceStatus.Inside, 0 },
        { "concave: arm, accuracy reaches the notch", "ell", 80, 150, 30, FenceStatus.Inconclusive, 0 },
        { "concave: inner corner", "ell", 100, 100, 0, FenceStatus.Inside, 0 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Measures_against_a_polygon(string label, string fence, double east, double north, double accuracy,
        FenceStatus expected, double distance)
    {
        var prepared = fence == "square" ? Square : Ell;
        var m = prepared.Measure(Offset(Origin, east, north), accuracy);
        expected.Should().Be(m.Status, $"{label}: {m}");
        m.DistanceMeters.Should().BeApproximately(distance, (distance * 2e-3) + 0.05);
        m.GapMeters.Should().Be(m.DistanceMeters);
    }

    [Fact]
    public void The_polygon_box_holds_every_vertex()
    {
        Ell.Box.Contains(Offset(Origin, 200, 100)).Should().BeTrue();
        Ell.Box.Contains(Origin).Should().BeTrue();
        Ell.Box.Contains(Offset(Origin, 201, 100)).Should().BeFalse();
    }
}
