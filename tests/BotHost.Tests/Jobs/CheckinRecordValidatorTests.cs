using Attendance.BotHost.Jobs;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Tests.Jobs;

/// <summary>The add_checkin_record field rules (page 99647) as a pure function: fix what can be fixed, refuse the rest.</summary>
public sealed class CheckinRecordValidatorTests
{
    private static WeComCheckinRecord Good() => new()
    {
        UserId = "zhangsan",
        CheckinTime = 1_773_017_520,
        DeviceType = 3,
        Notes = "上班打卡",
        WifiName = "HQ",
        WifiMac = "aa:bb:cc:dd:ee:01",
        Latitude = 31_230_416,
        Longitude = 121_473_701,
    };

    [Fact]
    public void A_good_record_passes_unchanged_as_a_copy()
    {
        var input = Good();
        var check = CheckinRecordValidator.Check(input);
        check.Record.Should().NotBeNull();
        check.Record.Should().NotBeSameAs(input);
        check.Fixes.Should().BeEmpty();
        check.IsFixed.Should().BeFalse();
        check.Record.WifiMac.Should().Be("aa:bb:cc:dd:ee:01");
        check.Record.Latitude.Should().Be(31_230_416);
    }

    [Theory]
    [InlineData("", "userid")]
    [InlineData("张三", "userid")]
    [InlineData("a b", "userid")]
    public void A_record_without_a_valid_userid_is_refused(string userId, string named)
    {
        var record = Good();
        record.UserId = userId;
        var check = CheckinRecordValidator.Check(record);
        check.Record.Should().BeNull();
        check.Refusal.Should().Contain(named);
    }

    [Theory]
    [InlineData(0L, 3, "checkin_time")]
    [InlineData(-5L, 3, "checkin_time")]
    [InlineData(1_773_017_520L, 0, "device_type")]
    [InlineData(1_773_017_520L, 4, "device_type")]
    public void Required_values_out_of_their_domain_are_refused(long time, int deviceType, string named)
    {
        var record = Good();
        record.CheckinTime = time;
        record.DeviceType = deviceType;
        var check = CheckinRecordValidator.Check(record);
        check.Record.Should().BeNull();
        check.Refusal.Should().Contain(named);
    }

    [Theory]
    [InlineData("HQ", null, null, null)]
    [InlineData("HQ", "", null, null)]
    [InlineData("HQ", "not-a-mac", null, null)]
    [InlineData("HQ", "02:00:00:00:00:00", null, null)]
    [InlineData("HQ", "AA-BB-CC-DD-EE-02", "HQ", "aa:bb:cc:dd:ee:02")]
    [InlineData("HQ", "AABB.CCDD.EE02", "HQ", "aa:bb:cc:dd:ee:02")]
    [InlineData(null, "AA:BB:CC:DD:EE:02", null, "aa:bb:cc:dd:ee:02")]
    public void Wifi_is_sent_only_with_a_MAC_in_the_form_WeCom_demands(string? name, string? mac, string? sentName, string? sentMac)
    {
        var record = Good();
        record.WifiName = name;
        record.WifiMac = mac;
        var check = CheckinRecordValidator.Check(record);
        check.Record.Should().NotBeNull();
        check.Record.WifiName.Should().Be(sentName);
        check.Record.WifiMac.Should().Be(sentMac);
        (check.Record.WifiMac is null || CheckinRecordValidator.IsWifiMac(check.Record.WifiMac)).Should().BeTrue();
        check.IsFixed.Should().BeTrue();
    }

    [Fact]
    public void A_device_id_is_no_brand_and_is_dropped_while_a_short_brand_is_kept()
    {
        var record = Good();
        record.DeviceDetail = "device-" + new string('d', 57);
        var dropped = CheckinRecordValidator.Check(record);
        dropped.Record!.DeviceDetail.Should().BeNull();
        dropped.Fixes.Should().Contain(f => f.Contains("device_detail", StringComparison.Ordinal));

        record.DeviceDetail = "华为";
        CheckinRecordValidator.Check(record).Record!.DeviceDetail.Should().Be("华为");
        record.DeviceDetail = new string('x', 40);
        CheckinRecordValidator.Check(record).Record!.DeviceDetail!.Length.Should().Be(40);
    }

    [Fact]
    public void Long_texts_are_cut_to_1024_without_splitting_a_surrogate_pair()
    {
        var record = Good();
        record.Notes = new string('备', 1023) + "𠮷" + "尾";
        record.LocationTitle = new string('地', 2000);
        var check = CheckinRecordValidator.Check(record);
        check.Record!.Notes!.Length.Should().Be(1023);
        check.Record.LocationTitle!.Length.Should().Be(1024);
        check.Fixes.Count.Should().Be(2);
    }

    [Fact]
    public void Only_one_media_id_is_sent()
    {
        var record = Good();
        record.MediaIds = ["m1", "m2"];
        CheckinRecordValidator.Check(record).Record!.MediaIds!.Should().Equal(["m1"]);
        record.MediaIds = [];
        CheckinRecordValidator.Check(record).Record!.MediaIds.Should().BeNull();
    }

    [Theory]
    [InlineData(31_230_416L, null)]
    [InlineData(null, 121_473_701L)]
    [InlineData(90_000_001L, 121_473_701L)]
    [InlineData(31_230_416L, -180_000_001L)]
    public void An_incomplete_or_out_of_range_position_is_dropped(long? lat, long? lng)
    {
        var record = Good();
        record.Latitude = lat;
        record.Longitude = lng;
        var check = CheckinRecordValidator.Check(record);
        check.Record!.Latitude.Should().BeNull();
        check.Record.Longitude.Should().BeNull();
        check.IsFixed.Should().BeTrue();
    }

    [Fact]
    public void Edges_of_the_ranges_are_kept()
    {
        var record = Good();
        record.Latitude = -90_000_000;
        record.Longitude = 180_000_000;
        var check = CheckinRecordValidator.Check(record);
        check.Record!.Latitude.Should().Be(-90_000_000);
        check.Record.Longitude.Should().Be(180_000_000);
        check.IsFixed.Should().BeFalse();
    }
}
