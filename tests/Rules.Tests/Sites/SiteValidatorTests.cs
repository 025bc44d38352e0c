
namespace Attendance.Rules.Tests.Sites;

public class SiteValidatorTests
{
    // Tencent Building, Shenzhen Nanshan (GCJ-02 as shown by Tencent Maps).
    private static readonly CircleSpec Office = new(22.540503, 113.934528, 200);

    private static SiteSpec Spec(CircleSpec? circle = null, IReadOnlyList<PointSpec>? polygon = null,
        string? name = "深圳总部", string? datum = "gcj02", IReadOnlyList<WifiSpec>? wifi = null, string? outOfRange = null) =>
        new(name, datum, circle, polygon, wifi, null, outOfRange, null, null);

    public static TheoryData<string, SiteSpec, string> Invalid => new()
    {
        { "hq", Spec(new CircleSpec(123, 113.9, 200)), "circle.latitude" },
        { "hq", Spec(new CircleSpec(22.5, 190, 200)), "circle.longitude" },
        { "hq", Spec(new CircleSpec(22.5, 113.9, -1)), "circle.radiusMeters" },
        { "hq", Spec(new CircleSpec(22.5, 113.9, 0)), "circle.radiusMeters" },
        { "hq", Spec(new CircleSpec(22.5, 113.9, 60_000)), "circle.radiusMeters" },
        { "hq", Spec(new CircleSpec(double.NaN, 113.9, 100)), "circle.latitude" },
        { "hq", Spec(new CircleSpec(null, 113.9, 100)), "circle.latitude" },
        { "hq", Spec(new CircleSpec(22.5, 113.9, null)), "circle.radiusMeters" },
        { "hq", Spec(), "circle" },
        { "hq", Spec(Office, [new(1, 1), new(1, 2), new(2, 2)]), "polygon" },
        { "hq", Spec(polygon: [new(1, 1), new(1, 2)]), "polygon" },
        { "hq", Spec(polygon: [new(1, 1), new(1, 2), new(1, 3)]), "polygon" },
        // A bow tie: edges (0,0)-(1,1) and (1,0)-(0,1) cross.
        { "hq", Spec(polygon: [new(0, 0), new(1, 1), new(1, 0), new(0, 1)]), "polygon" },
        { "hq", Spec(polygon: [new(0, 0), new(1, 0), new(1, 1), new(1, 0)]), "polygon" },
        { "hq", Spec(Office, name: null), "name" },
        { "hq", Spec(Office, name: "   "), "name" },
        { "hq", Spec(Office, name: new string('x', 101)), "name" },
        { "hq", Spec(Office, datum: "bd09"), "coordinateSystem" },
        { "hq", Spec(Office, outOfRange: "maybe"), "outOfRange" },
        { "hq", Spec(Office, wifi: [new("office", "zz:bb:cc:dd:ee:ff")]), "wifi[0].bssid" },
        { "hq", Spec(Office, wifi: [new("office", "aa:bb:cc:dd:ee")]), "wifi[0].bssid" },
        { "hq", Spec(Office, wifi: [new("a", "AA:BB:CC:DD:EE:FF"), new("b", "aa-bb-cc-dd-ee-ff")]), "wifi" },
        { "has space", Spec(Office), "id" },
        { new string('a', 65), Spec(Office), "id" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_impossible_sites_naming_the_field(string id, SiteSpec spec, string field)
    {
        var errors = new FieldErrors();
        var site = SiteValidator.Validate(id, spec, errors);
        site.Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == field);
    }

    [Fact]
    public void Accepts_a_circle_and_keeps_gcj02_as_given()
    {
        var errors = new FieldErrors();
        var site = SiteValidator.Validate("sz-hq", Spec(Office, wifi: [new(" 腾讯-Guest ", "AA-BB-CC-DD-EE-0F")]), errors);
        errors.IsEmpty.Should().BeTrue(string.Join("; ", errors.Items));
        site.Should().NotBeNull();
        site.Circle!.Center.Should().Be(new GeoPoint(22.540503, 113.934528));
        site.Wifi[0].Bssid.Should().Be("aa:bb:cc:dd:ee:0f");
        site.Wifi[0].Ssid.Should().Be("腾讯-Guest");
        site.OutOfRange.Should().Be(OutOfRangePolicy.Exception);
        site.IsForEveryone.Should().BeTrue();
    }

    [Fact]
    public void Converts_a_wgs84_fence_to_gcj02_on_the_way_in()
    {
        var errors = new FieldErrors();
        var wgs = new CircleSpec(39.9087, 116.3975, 300); // Tiananmen, GPS
        var site = SiteValidator.Validate("bj", Spec(wgs, datum: "wgs84"), errors);
        site.Should().NotBeNull();
        site.InputCoordinateSystem.Should().Be(CoordinateSystem.Wgs84);
        var shift = Haversine.DistanceMeters(new GeoPoint(39.9087, 116.3975), site.Circle!.Center);
        shift.Should().BeInRange(250, 650);
    }

    [Fact]
    public void Accepts_a_closed_polygon_and_drops_the_repeated_first_point()
    {
        var errors = new FieldErrors();
        PointSpec[] ring = [new(22.5400, 113.9340), new(22.5400, 113.9350), new(22.5410, 113.9350), new(22.5410, 113.9340), new(22.5400, 113.9340)];
        var site = SiteValidator.Validate("poly", Spec(polygon: ring), errors);
        site.Should().NotBeNull();
        site.Polygon!.Count.Should().Be(4);
    }
}
