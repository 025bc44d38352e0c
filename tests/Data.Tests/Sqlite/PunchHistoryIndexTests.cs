using Attendance.Data.Sqlite;
using Attendance.Rules.Geo;

namespace Attendance.Data.Tests.Sqlite;

/// <summary>
/// The punch window's in-memory index on its own, without a database: what it keeps, what each part of a read
/// answers, and what pruning lets go. The window's agreement with the SQL it replaces is proved against SQLite in
/// <see cref="PunchWindowTests"/>.
/// </summary>
public sealed class PunchHistoryIndexTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Since = Now - PunchHistoryRepository.DeviceMemory;
    private static readonly FixKey Fix = new(31_230_000, 121_470_000);
    private static readonly string FixText = PunchHistoryRepository.FixKeyText(Fix);

    private static PunchHistoryIndex NewIndex() => new(7, Today.AddDays(-3), Since);

    private static PriorPunch Prior(string user, DateTimeOffset time, DateOnly workDate, bool located = true) =>
        new(user, time, workDate, located ? new GeoPoint(31.23, 121.47) : null, located ? 20 : null);

    [Fact]
    public void A_read_answers_each_part_of_the_history()
    {
        var index = NewIndex();
        index.Add(1, "u1", Prior("u1", Now.AddDays(-2), Today.AddDays(-2)), "phone-a", null);
        index.Add(2, "u1", Prior("u1", Now.AddHours(-1), Today, located: false), "phone-b", null);
        index.Add(3, "u2", Prior("u2", Now.AddMinutes(-30), Today), "PHONE-B", FixText);
        index.Add(4, "u3", Prior("u3", Now.AddMinutes(-20), Today), "phone-b", FixText);

        var history = index.Read("u1", Today, Since, "phone-b", Fix);

        history.Today.Should().ContainSingle().Which.Time.Should().Be(Now.AddHours(-1));
        history.Previous!.Time.Should().Be(Now.AddDays(-2), "the latest punch with a location, not the latest punch");
        history.KnownDeviceIds.Should().BeEquivalentTo(["phone-a", "phone-b"]);
        history.OtherUsersOnDevice.Should().BeEquivalentTo(["u3"], "device ids are matched exactly, as the SQL compares them");
        history.SameFix.Select(p => p.UserId).Should().Equal(["u3", "u2"], "newest first");
        index.Count.Should().Be(4);
        index.Version.Should().Be(7);
    }

    [Fact]
    public void A_punch_outside_both_horizons_is_not_kept()
    {
        var index = NewIndex();
        index.Add(1, "u1", Prior("u1", Since.AddDays(-1), Today.AddDays(-100)), "phone-a", FixText);

        index.Count.Should().Be(0);
        var history = index.Read("u1", Today.AddDays(-100), Since, "phone-a", Fix);
        history.Today.Should().BeEmpty();
        history.Previous.Should().BeNull();
        history.KnownDeviceIds.Should().BeEmpty();
        history.SameFix.Should().BeEmpty();
    }

    [Fact]
    public void A_read_with_a_later_horizon_leaves_out_what_is_older()
    {
        var index = NewIndex();
        index.Add(1, "u1", Prior("u1", Now.AddDays(-10), Today.AddDays(-10)), "phone-old", FixText);

        var history = index.Read("u1", Today, Now.AddDays(-5), "phone-old", Fix);

        history.Previous.Should().BeNull();
        history.KnownDeviceIds.Should().BeEmpty();
        history.SameFix.Should().BeEmpty();
    }

    [Fact]
    public void One_fix_keeps_its_latest_punches_only_and_a_read_returns_at_most_the_rules_limit()
    {
        var index = NewIndex();
        var total = PunchHistoryIndex.KeptPerFix + 10;
        for (var i = 0; i < total; i++)
        {
            index.Add(i + 1, "farm" + i, Prior("farm" + i, Now.AddMinutes(-total + i), Today), null, FixText);
        }

        var sameFix = index.Read("someone", Today, Since, null, Fix).SameFix;

        sameFix.Should().HaveCount(PunchHistoryRepository.MaxSameFix);
        sameFix[0].UserId.Should().Be("farm" + (total - 1));
        sameFix.Select(p => p.Time).Should().BeInDescendingOrder();
    }

    [Fact]
    public void Pruning_lets_go_of_what_no_later_punch_can_ask_about()
    {
        var index = NewIndex();
        index.Add(1, "u1", Prior("u1", Since.AddHours(1), Today.AddDays(-3)), "phone-a", FixText);
        index.Add(2, "u2", Prior("u2", Now, Today), "phone-b", null);


        index.Prune(Now.AddDays(2));

        index.Since.Should().Be(Now.AddDays(2) - PunchHistoryRepository.DeviceMemory);
        index.FirstWorkDate.Should().Be(Today.AddDays(-1));
        index.PrunedOn.Should().Be(Today.AddDays(2));
        index.Count.Should().Be(1);
        var gone = index.Read("u1", Today.AddDays(-3), index.Since, "phone-a", Fix);
        gone.Today.Should().BeEmpty();
        gone.Previous.Should().BeNull();
        gone.KnownDeviceIds.Should().BeEmpty();
        gone.SameFix.Should().BeEmpty();
        index.Read("u2", Today, index.Since, "phone-b", null).Today.Should().ContainSingle();
    }
}
