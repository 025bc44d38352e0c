using static Attendance.Rules.Tests.Geo.GeoFixtures;

namespace Attendance.Rules.Tests.Geo;

public class ChinaDatumTests
{
    public static TheoryData<string, GeoPoint> ChineseCities => new()
    {
        { "北京 天安门", TiananmenWgs },
        { "上海 人民广场", PeoplesSquareWgs },
        { "深圳 市民中心", ShenzhenCivicCenterWgs },
    };

    [Theory]
    [MemberData(nameof(ChineseCities))]
    public void Gcj02_is_250_to_650_metres_off_gps_in_chinese_cities(string city, GeoPoint wgs)
    {
        var gcj = ChinaDatum.Wgs84ToGcj02(wgs);
        var offset = Haversine.DistanceMeters(wgs, gcj);
        offset.Should().BeInRange(250, 650);
        Haversine.DistanceMeters(wgs, ChinaDatum.Gcj02ToWgs84(gcj)).Should().BeLessThan(0.01, city);
    }

    [Theory]
    [MemberData(nameof(ChineseCities))]
    public void A_gps_punch_on_the_fence_spot_is_inside_after_conversion_but_outside_raw(string city, GeoPoint wgs)
    {
        var site = Circle("hq", ChinaDatum.Wgs84ToGcj02(wgs), 200);

        var converted = FenceEvaluator.Measure(site, wgs, CoordinateSystem.Wgs84, 20);
        var raw = FenceEvaluator.Measure(site, wgs, CoordinateSystem.Gcj02, 20);

        converted.Status.Should().Be(FenceStatus.Inside);
        converted.DistanceMeters.Should().BeLessThan(0.1, city);
        raw.Status.Should().Be(FenceStatus.Outside);
        raw.DistanceMeters.Should().BeInRange(250, 650);
    }

    [Theory]
    [InlineData("Singapore Raffles Place", 1.2840, 103.8510)]
    [InlineData("Tokyo Station", 35.6812, 139.7671)]
    [InlineData("Seoul City Hall", 37.5663, 126.9779)]
    [InlineData("Kuala Lumpur", 3.1390, 101.6869)]
    [InlineData("Ulaanbaatar", 47.9184, 106.9177)]
    [InlineData("Paris", 48.8566, 2.3522)]
    public void Outside_mainland_china_the_datums_agree(string place, double latitude, double longitude)
    {
        var p = new GeoPoint(latitude, longitude);
        ChinaDatum.IsOutsideChina(p).Should().BeTrue(place);
        ChinaDatum.Wgs84ToGcj02(p).Should().Be(p);
        ChinaDatum.ToGcj02(p, CoordinateSystem.Wgs84).Should().Be(p);
    }

    [Theory]
    [InlineData(39.908722, 116.397499)]
    [InlineData(22.3193, 114.1694)]
    [InlineData(43.8256, 87.6168)]
    [InlineData(45.7567, 126.6424)]
    [InlineData(18.2528, 109.5119)]
    public void Mainland_points_are_converted(double latitude, double longitude) =>
        ChinaDatum.IsOutsideChina(new GeoPoint(latitude, longitude)).Should().BeFalse();

    [Fact]
    public void Gcj02_input_is_never_shifted() =>
        ChinaDatum.ToGcj02(TencentBuildingGcj, CoordinateSystem.Gcj02).Should().Be(TencentBuildingGcj);
}
