using static Attendance.Rules.Tests.Geo.GeoFixtures;

namespace Attendance.Rules.Tests.Geo;

public class SiteIndexTests
{
    private static readonly GeoPoint Shenzhen = ChinaDatum.Wgs84ToGcj02(ShenzhenCivicCenterWgs);

    [Fact]
    public void Ten_thousand_sites_answer_like_brute_force()
    {
        var random = new Random(20260601);
        var sites = RandomSites(random, 10_000);
        var index = SiteIndex.Build(sites);
        var fences = sites.Select(PreparedFence.For).ToArray();
        index.Count.Should().Be(10_000);

        var inside = 0;
        for (var q = 0; q < 1_000; q++)
        {
            var point = new GeoPoint(Shenzhen.Latitude + ((random.NextDouble() - 0.5) * 0.6),
                Shenzhen.Longitude + ((random.NextDouble() - 0.5) * 0.6));
            var accuracy = random.Next(4) == 0 ? random.Next(200, 2_000) : random.Next(5, 120);
            IReadOnlyList<long>? departments = random.Next(5) switch
            {
                0 => null,
                1 => [],
                _ => [random.Next(1, 41), random.Next(1, 41)],
            };

            var expected = BruteForce(fences, point, accuracy, departments);
            var actual = index.Locate(point, accuracy, departments);

            (actual?.Site.Id).Should().Be(expected?.Site.Id);
            (actual?.Measurement).Should().Be(expected?.Measurement);
            inside += actual?.Status == FenceStatus.Inside ? 1 : 0;
        }

        // The set-up must exercise both branches, not only "nearest".
        inside.Should().BeInRange(20, 980);
    }

    [Fact]
    public void Prefers_an_inside_fence_to_a_nearer_centre()
    {
        var big = Circle("big", Shenzhen, 1_000);
        var small = Circle("small", Offset(Shenzhen, 700, 0), 50);
        var match = SiteIndex.Build([big, small]).Locate(Offset(Shenzhen, 600, 0), 10, null);
        (match?.Site.Id).Should().Be("big");
        (match?.Status).Should().Be(FenceStatus.Inside);
    }

    [Fact]
    public void Reports_the_nearest_site_and_its_distance_when_outside_all()
    {
        var a = Circle("a", Shenzhen, 100);
        var b = Circle("b", Offset(Shenzhen, 3_000, 0), 100);
        var match = SiteIndex.Build([a, b]).Locate(Offset(Shenzhen, 0, 350), 10, null);
        (match?.Site.Id).Should().Be("a");
        (match?.Status).Should().Be(FenceStatus.Outside);
        match!.Value.Measurement.DistanceMeters.Should().BeApproximately(350, 0.5);
    }

    [Fact]
    public void Only_sites_of_the_employees_departments_or_everyone_apply()
    {
        var sales = Circle("sales", Shenzhen, 200, departments: [7]);
        var all = Circle("all", Offset(Shenzhen, 5_000, 0), 200);
        var index = SiteIndex.Build([sales, all]);

        (index.Locate(Shenzhen, 10, [7, 9])?.Site.Id).Should().Be("sales");
        (index.Locate(Shenzhen, 10, [8])?.Site.Id).Should().Be("all");
        (index.Locate(Shenzhen, 10, null)?.Site.Id).Should().Be("sales");
        SiteIndex.Build([sales]).Locate(Shenzhen, 10, [8]).Should().BeNull();
        index.HasSitesFor([8]).Should().BeTrue();
        SiteIndex.Build([sales]).HasSitesFor([8]).Should().BeFalse();
        SiteIndex.Empty.Locate(Shenzhen, 10, null).Should().BeNull();
    }

    [Theory]
    [InlineData("AA-BB-CC-DD-EE-FF")]
    [InlineData("aa:bb:cc:dd:ee:ff")]
    [InlineData("AABB.CCDD.EEFF")]
    [InlineData(" aabbccddeeff ")]
    public void Matches_bssids_whatever_their_case_and_separators(string reported)
    {
        var site = Circle("hq", Shenzhen, 200, departments: [3], wifi: [new WifiAccessPoint("Corp", "aa:bb:cc:dd:ee:ff")]);
        var index = SiteIndex.Build([site]);
        (index.MatchBssid(reported, [3])?.Site.Id).Should().Be("hq");
        index.MatchBssid(reported, [4]).Should().BeNull();
        index.HasWifiFor([3]).Should().BeTrue();
        index.HasWifiFor([4]).Should().BeFalse();
    }

    [Theory]
    [InlineData("02:00:00:00:00:00")]
    [InlineData("00:00:00:00:00:00")]
    [InlineData("not a mac")]
    [InlineData(null)]
    public void Placeholder_and_garbage_bssids_never_match(string? reported)
    {
        var site = Circle("hq", Shenzhen, 200, wifi: [new WifiAccessPoint(null, "00:00:00:00:00:00")]);
        SiteIndex.Build([site]).MatchBssid(reported, null).Should().BeNull();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-1)]
    public void Refuses_an_unusable_accuracy(double accuracy) =>
        FluentActions.Invoking(() => SiteIndex.Build([Circle("x", Shenzhen, 100)]).Locate(Shenzhen, accuracy, null)).Should().ThrowExactly<ArgumentOutOfRangeException>();

    [Fact]
    public void Refuses_duplicate_site_ids() =>
        FluentActions.Invoking(() => SiteIndex.Build([Circle("x", Shenzhen, 1), Circle("x", Shenzhen, 2)])).Should().ThrowExactly<ArgumentException>();

    private static SiteMatch? BruteForce(PreparedFence[] fences, GeoPoint p, double accuracy, IReadOnlyList<long>? departments)
    {
        SiteMatch? best = null;
        foreach (var fence in fences)
        {
            if (!SiteIndex.AppliesTo(fence.Site, departments))
            {
                continue;
            }

            var candidate = new SiteMatch(fence, fence.Measure(p, accuracy));
            if (SiteMatch.IsBetter(candidate, best))
            {
                best = candidate;
            }
        }

        return best;
    }

    private static List<Site> RandomSites(Random random, int count)
    {
        var sites = new List<Site>(count);
        for (var i = 0; i < count; i++)
        {
            var centre = new GeoPoint(Shenzhen.Latitude + ((random.NextDouble() - 0.5) * 0.5),
                Shenzhen.Longitude + ((random.NextDouble() - 0.5) * 0.5));
            long[] departments = random.Next(3) == 0 ? [] : [random.Next(1, 41)];
            var id = $"s{i:D5}";
            if (random.Next(5) == 0)
            {
                var r = random.Next(50, 600);
                var corners = Enumerable.Range(0, 5)
                    .Select(k => (r * Math.Cos(k * 2 * Math.PI / 5), r * Math.Sin(k * 2 * Math.PI / 5)))
                    .ToArray();
                sites.Add(Polygon(id, centre, corners) with { DepartmentIds = departments });
            }
            else
            {
                sites.Add(Circle(id, centre, random.Next(50, 800), departments: departments));
            }
        }

        return sites;
    }
}
