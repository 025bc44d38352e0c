using static Attendance.Rules.Tests.Geo.GeoFixtures;
using static Attendance.Rules.Tests.Punching.PunchFixtures;

namespace Attendance.Rules.Tests.Punching;

public class LocationScoringTests
{
    [Fact]
    public void Inside_the_fence_is_accepted()
    {
        var score = Score(Attempt());
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(score).Should().Be("LOCATION_IN_FENCE");
        score.Site.Should().Be(new MatchedSite("sz-hq", "深圳总部", 50));
        score.Message.Should().Be("打卡成功");
        score.RiskScore.Should().Be(0);
        (score.IsField || score.IsLocationException).Should().BeFalse();
    }

    public static TheoryData<OutOfRangePolicy, PunchVerdict, bool, bool, string> Policies => new()
    {
        { OutOfRangePolicy.Exception, PunchVerdict.Accepted, false, true, "打卡成功（地点异常：不在打卡范围内，距离深圳总部 350 米）" },
        { OutOfRangePolicy.Field, PunchVerdict.Accepted, true, false, "打卡成功（外勤）" },
        { OutOfRangePolicy.Forbid, PunchVerdict.Rejected, false, false, "不在打卡范围内，距离深圳总部 350 米" },
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Out_of_range_follows_the_site_policy(OutOfRangePolicy policy, PunchVerdict verdict, bool field, bool exception, string message)
    {
        var score = Score(Attempt(At(0, 350)), Context(Office(policy)));
        score.Verdict.Should().Be(verdict);
        score.IsField.Should().Be(field);
        score.IsLocationException.Should().Be(exception);
        score.Message.Should().Be(message);
        (score.Site?.DistanceMeters).Should().Be(350);
        var finding = score.Findings.Should().ContainSingle().Which;
        finding.Code.Should().Be("LOCATION_OUT_OF_FENCE");
        finding.Message.Should().Be("不在打卡范围内，距离深圳总部 350 米");
        finding.Severity.Should().Be(policy == OutOfRangePolicy.Forbid ? FindingSeverity.Critical : FindingSeverity.Warning);
    }

    [Theory]
    [InlineData(1_500, "1.5 公里")]
    [InlineData(15_000, "15 公里")]
    public void Far_distances_read_in_kilometres(double north, string text) =>
        Score(Attempt(At(0, north)), Context(Office(OutOfRangePolicy.Forbid))).Message.Should().EndWith(text);

    [Theory]
    [InlineData(150, 60)]
    [InlineData(0, 500)]
    public void Inconclusive_goes_to_review(double north, double accuracy)
    {
        var score = Score(Attempt(At(0, north, accuracy)));
        score.Verdict.Should().Be(PunchVerdict.Review);
        Codes(score).Should().Be("LOCATION_INCONCLUSIVE");
        score.Message.Should().Be("已提交，等待主管复核");
        score.Findings[0].Message.Should().Contain("无法确认");
    }

    [Theory]
    [InlineData("AA-BB-CC-DD-EE-01")]
    [InlineData("aa:bb:cc:dd:ee:01")]
    [InlineData("aabb.ccdd.ee01")]
    public void Matching_wifi_settles_an_inconclusive_fix(string bssid)
    {
        var score = Score(Attempt(At(150, 0, 80)) with { Wifi = new PunchWifi("Tencent-Office", bssid) });
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(score).Should().Be("LOCATION_INCONCLUSIVE,WIFI_MATCH");
        score.Findings[0].Severity.Should().Be(FindingSeverity.Info);
    }

    [Fact]
    public void Matching_wifi_counts_as_in_range_even_when_gps_says_outside()
    {
        var score = Score(Attempt(At(0, 900)) with { Wifi = new PunchWifi(null, "AA-BB-CC-DD-EE-01") },
            Context(Office(OutOfRangePolicy.Forbid)));
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        score.IsLocationException.Should().BeFalse();
        score.Message.Should().Be("打卡成功");
        score.Findings[0].Severity.Should().Be(FindingSeverity.Info);
    }

    [Fact]
    public void Missing_location_without_wifi_is_rejected()
    {
        var score = Score(Attempt() with { Location = null });
        score.Verdict.Should().Be(PunchVerdict.Rejected);
        Codes(score).Should().Be("LOCATION_MISSING");
        score.Findings[0].Severity.Should().Be(FindingSeverity.Critical);
        score.Message.Should().Be("未获取到位置信息，请开启定位后重试");
    }

    [Theory]
    [InlineData(double.NaN, 113.9, 20)]
    [InlineData(22.5, 113.9, -1)]
    [InlineData(22.5, 113.9, double.PositiveInfinity)]
    [InlineData(95, 113.9, 20)]
    public void An_unusable_location_counts_as_missing(double latitude, double longitude, double accuracy)
    {
        var score = Score(Attempt(new PunchLocation(latitude, longitude, accuracy, CoordinateSystem.Gcj02)));
        score.Verdict.Should().Be(PunchVerdict.Rejected);
        score.Findings.Should().ContainSingle().Which.Message.Should().Be("位置信息无效（坐标或精度异常）");
    }

    [Fact]
    public void Missing_location_with_matching_wifi_is_accepted_at_the_wifi_site()
    {
        var score = Score(Attempt() with { Location = null, Wifi = new PunchWifi("x", "AA:BB:CC:DD:EE:01") });
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(score).Should().Be("LOCATION_MISSING,WIFI_MATCH");
        score.Findings[0].Severity.Should().Be(FindingSeverity.Info);
        score.Site.Should().Be(new MatchedSite("sz-hq", "深圳总部", null));
    }

    [Fact]
    public void Without_location_consent_a_fix_is_not_used_and_wifi_shows_the_place()
    {
        // Even a fix inside the fence is ignored: the employee has not consented to location processing.
        var score = Score(Attempt() with { LocationWithheld = true, Wifi = new PunchWifi("x", "AA:BB:CC:DD:EE:01") });
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(score).Should().Be("LOCATION_NO_CONSENT,WIFI_MATCH");
        score.Findings[0].Message.Should().Be("未授权使用位置信息，未使用定位");
        score.Findings[0].Severity.Should().Be(FindingSeverity.Info);
        score.Site.Should().Be(new MatchedSite("sz-hq", "深圳总部", null));
        score.Gcj02.Should().BeNull();
        score.RiskScore.Should().Be(0);
    }

    [Fact]
    public void Without_location_consent_and_without_site_wifi_the_punch_is_rejected_saying_why()
    {
        var score = Score(Attempt() with { LocationWithheld = true });
        score.Verdict.Should().Be(PunchVerdict.Rejected);
        Codes(score).Should().Be("LOCATION_NO_CONSENT");
        score.Findings[0].Severity.Should().Be(FindingSeverity.Critical);
        score.Message.Should().Be("您未授权使用位置信息，请连接打卡地点的 Wi-Fi 后重试，或在打卡页授权位置信息");
    }

    [Fact]
    public void Unknown_wifi_is_reported_but_the_location_decides()
    {
        var score = Score(Attempt() with { Wifi = new PunchWifi("Starbucks", "11:22:33:44:55:66") });
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(score).Should().Be("LOCATION_IN_FENCE,WIFI_MISMATCH");
    }

    [Fact]
    public void Wifi_of_a_site_for_another_department_does_not_count()
    {
        var other = Circle("gz", Offset(Hq, 0, 100_000), 200, departments: [99], wifi: [new WifiAccessPoint(null, "aa:bb:cc:dd:ee:99")]);
        var score = Score(Attempt() with { Location = null, Wifi = new PunchWifi(null, "aa:bb:cc:dd:ee:99") }, Context(Office(), other));
        score.Verdict.Should().Be(PunchVerdict.Rejected);
        Codes(score).Should().Be("LOCATION_MISSING,WIFI_MISMATCH");
    }

    [Fact]
    public void Placeholder_bssid_is_neither_match_nor_mismatch() =>
        Codes(Score(Attempt() with { Wifi = new PunchWifi(null, "02:00:00:00:00:00") })).Should().Be("LOCATION_IN_FENCE");

    [Fact]
    public void Without_any_applicable_site_location_is_not_a_factor()
    {
        var score = Score(Attempt() with { Location = null }, Context(Circle("other", Hq, 200, departments: [77])));
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        score.Findings.Should().BeEmpty();
        score.Site.Should().BeNull();
    }

    [Fact]
    public void A_gps_punch_is_converted_before_measuring()
    {
        var beijing = Circle("bj", ChinaDatum.Wgs84ToGcj02(TiananmenWgs), 200, OutOfRangePolicy.Forbid, name: "北京办公室");
        var gps = new PunchLocation(TiananmenWgs.Latitude, TiananmenWgs.Longitude, 15, CoordinateSystem.Wgs84);

        var converted = Score(Attempt(gps), Context(beijing));
        var raw = Score(Attempt(gps with { CoordinateSystem = CoordinateSystem.Gcj02 }), Context(beijing));

        converted.Verdict.Should().Be(PunchVerdict.Accepted);
        (converted.Site?.DistanceMeters).Should().Be(0);
        raw.Verdict.Should().Be(PunchVerdict.Rejected);
        raw.Site!.DistanceMeters!.Value.Should().BeInRange(250, 650);
        converted.Gcj02.Should().Be(ChinaDatum.Wgs84ToGcj02(TiananmenWgs));
    }

    [Fact]
    public void The_inside_site_wins_over_a_nearer_wifi_site_only_when_inside()
    {
        var annex = Circle("annex", Offset(Hq, 0, 1_000), 100, departments: [Department], name: "附楼",
            wifi: [new WifiAccessPoint(null, "aa:bb:cc:dd:ee:02")]);
        var score = Score(Attempt(At(0, 20)) with { Wifi = new PunchWifi(null, "aa:bb:cc:dd:ee:02") }, Context(Office(), annex));
        (score.Site?.Id).Should().Be("sz-hq");

        var outside = Score(Attempt(At(0, 600)) with { Wifi = new PunchWifi(null, "aa:bb:cc:dd:ee:02") }, Context(Office(), annex));
        outside.Site.Should().Be(new MatchedSite("annex", "附楼", 400));
        outside.Verdict.Should().Be(PunchVerdict.Accepted);
    }

    [Theory]
    [InlineData(PunchKind.In, "上班打卡成功")]
    [InlineData(PunchKind.Out, "下班打卡成功")]
    [InlineData(PunchKind.Auto, "打卡成功")]
    public void The_message_names_the_kind(PunchKind kind, string message) =>
        Score(Attempt() with { Kind = kind }).Message.Should().Be(message);
}
