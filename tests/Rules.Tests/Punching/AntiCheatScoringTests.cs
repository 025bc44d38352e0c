using static Attendance.Rules.Tests.Geo.GeoFixtures;
using static Attendance.Rules.Tests.Punching.PunchFixtures;

namespace Attendance.Rules.Tests.Punching;

public class AntiCheatScoringTests
{
    [Fact]
    public void A_new_device_alone_is_information()
    {
        var score = Score(Attempt() with { DeviceId = "new-phone" });
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        Codes(score).Should().Be("LOCATION_IN_FENCE,DEVICE_NEW");
        score.Findings[1].Severity.Should().Be(FindingSeverity.Info);
        score.Findings[1].Message.Should().Be("首次使用该设备打卡");
    }

    [Fact]
    public void A_new_device_out_of_range_goes_to_review()
    {
        var score = Score(Attempt(At(0, 400)) with { DeviceId = "new-phone" });
        score.Verdict.Should().Be(PunchVerdict.Review);
        score.IsLocationException.Should().BeTrue();
    }

    [Fact]
    public void A_device_used_by_someone_else_today_goes_to_review()
    {
        var context = Context() with { OtherUsersOnDevice = ["lisi", "wangwu", User] };
        var score = Score(Attempt(), context);
        score.Verdict.Should().Be(PunchVerdict.Review);
        Codes(score).Should().Be("LOCATION_IN_FENCE,DEVICE_SHARED");
        score.Findings[1].Message.Should().Be("该设备今天已被其他 2 名员工用于打卡");
    }

    public static TheoryData<string, double, double, double, double, bool> Travel => new()
    {
        // label, previous fix metres north, its accuracy, seconds before, this accuracy, flagged
        { "50 km in 5 minutes", 50_000, 20, 300, 20, true },
        { "49 km in 10 minutes: just under 300 km/h", 49_040, 20, 600, 20, false },
        { "50 km in 3 hours", 50_000, 20, 3 * 3_600, 20, false },
        { "5 km in 5 seconds", 5_000, 20, 5, 20, true },
        { "300 m in 5 seconds: jitter", 300, 20, 5, 20, false },
        { "same spot, same second", 0, 20, 0, 20, false },
        { "1.5 km in 10 seconds but both fixes ±400 m", 1_500, 400, 10, 400, false },
        { "1.5 km in 10 seconds with good fixes", 1_500, 10, 10, 10, true },
        { "1.5 km in 1 minute: a car", 1_500, 10, 60, 10, false },
        { "30 km in 7 minutes: 257 km/h train", 30_000, 5, 7 * 60, 5, false },
    };

    [Theory]
    [MemberData(nameof(Travel))]
    public void Impossible_travel_uses_distance_minus_both_accuracies(string label, double north, double previousAccuracy,
        double secondsBefore, double accuracy, bool flagged)
    {
        var previous = new PriorPunch(User, Now.AddSeconds(-secondsBefore), Today, Offset(Hq, 0, north), previousAccuracy);
        var score = Score(Attempt(At(0, 0, accuracy)), Context() with { PreviousPunch = previous });
        flagged.Should().Be(score.Has("IMPOSSIBLE_TRAVEL"), $"{label}: {Codes(score)}");
        (score.Verdict == PunchVerdict.Review && score.Has("LOCATION_IN_FENCE")).Should().Be(flagged);
    }

    [Fact]
    public void Travel_is_measured_from_the_latest_earlier_punch_of_the_day()
    {
        var yesterday = new PriorPunch(User, Now.AddHours(-14), Today.AddDays(-1), Offset(Hq, 0, 2_000_000), 20);
        var earlier = new PriorPunch(User, Now.AddMinutes(-30), Today, Offset(Hq, 0, 100), 20);
        var context = Context() with { PreviousPunch = yesterday, TodayPunches = [earlier] };
        Score(Attempt(), context).Has("IMPOSSIBLE_TRAVEL").Should().BeFalse();

        var farEarlier = earlier with { Time = Now.AddMinutes(-5), Gcj02 = Offset(Hq, 0, 80_000) };
        var score = Score(Attempt(), context with { TodayPunches = [farEarlier] });
        score.Has("IMPOSSIBLE_TRAVEL").Should().BeTrue();
        score.Findings.Single(f => f.Code == "IMPOSSIBLE_TRAVEL").Message.Should().Contain("公里/小时");
    }

    [Theory]
    [InlineData(15 * 60, true)]
    [InlineData(-11 * 60, true)]
    [InlineData(5 * 60, false)]
    [InlineData(10 * 60, false)]
    public void Clock_skew_beyond_the_threshold_goes_to_review(int seconds, bool flagged)
    {
        var score = Score(Attempt() with { DeviceTime = Now.AddSeconds(seconds) });
        score.Has("CLOCK_SKEW").Should().Be(flagged);
        score.Verdict.Should().Be(flagged ? PunchVerdict.Review : PunchVerdict.Accepted);
    }

    [Fact]
    public void A_missing_device_time_is_not_skew() => Score(Attempt() with { DeviceTime = null }).Has("CLOCK_SKEW").Should().BeFalse();

    [Fact]
    public void A_perfect_fix_is_suspicious()
    {
        var score = Score(Attempt(At(0, 50, 0)));
        score.Verdict.Should().Be(PunchVerdict.Review);
        score.Findings.Single(f => f.Code == "SUSPICIOUS_FIX").Message.Should().Be("定位精度为 0，疑似模拟定位");
    }

    public static TheoryData<string, string, int, bool> Repeats => new()
    {
        // label, who punched there before, days ago, flagged
        { "another employee today", "lisi", 0, true },
        { "the same employee yesterday", User, 1, true },
        { "the same employee earlier today", User, 0, false },
    };

    [Theory]
    [MemberData(nameof(Repeats))]
    public void Exactly_repeated_coordinates_are_suspicious(string label, string who, int daysAgo, bool flagged)
    {
        var location = new PunchLocation(22.5406183, 113.9346712, 15, CoordinateSystem.Gcj02);
        var earlier = new PriorPunch(who, Now.AddDays(-daysAgo).AddMinutes(-5), Today.AddDays(-daysAgo), location.Point, 15);
        var score = Score(Attempt(location), Context() with { SameCoordinatePunches = [earlier] });
        flagged.Should().Be(score.Has("SUSPICIOUS_FIX"), label);
    }

    [Fact]
    public void Coarse_coordinates_may_repeat()
    {
        var coarse = new PunchLocation(22.54061, 113.93467, 15, CoordinateSystem.Gcj02);
        var earlier = new PriorPunch("lisi", Now.AddMinutes(-5), Today, coarse.Point, 15);
        Score(Attempt(coarse), Context() with { SameCoordinatePunches = [earlier] }).Has("SUSPICIOUS_FIX").Should().BeFalse();
    }

    [Fact]
    public void Repeats_are_keyed_on_gcj02_micro_degrees()
    {
        var gps = new PunchLocation(39.9087221, 116.3974995, 15, CoordinateSystem.Wgs84);
        FixKey.Of(gps.ToGcj02() with { Latitude = gps.ToGcj02().Latitude + 4e-7 }).Should().Be(FixKey.Of(gps.ToGcj02()));
        FixKey.Of(gps.ToGcj02() with { Latitude = gps.ToGcj02().Latitude + 2e-6 }).Should().NotBe(FixKey.Of(gps.ToGcj02()));
    }

    [Fact]
    public void Outside_the_punch_window_is_accepted_but_flagged()
    {
        var score = Score(Attempt() with { InsideWindow = false });
        score.Verdict.Should().Be(PunchVerdict.Accepted);
        var finding = score.Findings.Single(f => f.Code == "OUTSIDE_PUNCH_WINDOW");
        finding.Severity.Should().Be(FindingSeverity.Warning);
        Score(Attempt() with { InsideWindow = null }).Has("OUTSIDE_PUNCH_WINDOW").Should().BeFalse();
    }
}
