using System.Text.Json.Nodes;
using Attendance.BotHost.Outbox;
using Attendance.Data.Outbox;
using Attendance.WeCom;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Tests.Outbox;

/// <summary>The outbox sender against the fake WeCom over real HTTP, on SQLite, with a fake clock.</summary>
public sealed class OutboxSenderTests : IAsyncLifetime
{
    private SenderRig _rig = null!;

    public async ValueTask InitializeAsync() => _rig = await SenderRig.StartAsync();

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    private int Sent(string api) => _rig.WeCom.Messages.Count(m => m.Api == api);

    [Fact]
    public async Task Busy_twice_then_success_is_delivered_once()
    {
        _rig.WeCom.FailNext(Apis.MessageSend, -1, 2);
        await _rig.EnqueueAsync(OutboxChannels.App, "wangfang", SenderRig.AppText("wangfang", "上班打卡成功 08:52"), "t:busy");

        var pass = await _rig.NewSender().SendDueAsync();

        pass.Sent.Should().Be(1);
        var message = _rig.WeCom.Messages.Should().ContainSingle().Which;
        message.Json.Should().Contain("上班打卡成功");
        var row = await _rig.RowAsync("t:busy");
        row.State.Should().Be(OutboxStates.Sent);
        row.SentAt.Should().NotBeNull();
        (await _rig.NewSender().SendDueAsync()).Claimed.Should().Be(0);
        _rig.WeCom.Messages.Should().ContainSingle();
    }

    [Fact]
    public async Task Busy_beyond_the_client_retries_backs_off_and_is_delivered_once_later()
    {
        _rig.WeCom.FailNext(Apis.MessageSend, -1, 4);
        await _rig.EnqueueAsync(OutboxChannels.App, "wangfang", SenderRig.AppText("wangfang", "提醒"), "t:backoff");
        var sender = _rig.NewSender(new OutboxOptions { RetryBaseDelay = TimeSpan.FromSeconds(10) });

        var first = await sender.SendDueAsync();
        first.Failed.Should().Be(1);
        var row = await _rig.RowAsync("t:backoff");
        row.State.Should().Be(OutboxStates.Pending);
        row.Attempts.Should().Be(1);
        row.LastError.Should().Contain("-1");
        (row.NextAttemptAt - _rig.Time.GetUtcNow()).Should().BeCloseTo(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5));

        (await sender.SendDueAsync()).Claimed.Should().Be(0);
        _rig.Time.Advance(TimeSpan.FromSeconds(16));
        (await sender.SendDueAsync()).Sent.Should().Be(1);
        _rig.WeCom.Messages.Should().ContainSingle();
        (await _rig.RowAsync("t:backoff")).State.Should().Be(OutboxStates.Sent);
    }

    [Fact]
    public async Task Frequency_limit_waits_out_the_window_then_sends()
    {
        _rig.WeCom.RateLimit(Apis.WebhookSend);
        await _rig.EnqueueAsync(OutboxChannels.Robot, "robot-key-1", SenderRig.RobotMarkdown("**日报**"), "t:45009");
        var sender = _rig.NewSender();

        var pass = await sender.SendDueAsync();
        pass.Deferred.Should().Be(1);
        var row = await _rig.RowAsync("t:45009");
        row.State.Should().Be(OutboxStates.Pending);
        row.Attempts.Should().Be(0);
        row.NextAttemptAt.Should().BeOnOrAfter(_rig.Time.GetUtcNow() + TimeSpan.FromSeconds(59));

        _rig.WeCom.ClearRateLimit(Apis.WebhookSend);
        _rig.Time.Advance(TimeSpan.FromSeconds(30));
        (await sender.SendDueAsync()).Claimed.Should().Be(0);
        Sent(Apis.WebhookSend).Should().Be(0);

        _rig.Time.Advance(TimeSpan.FromSeconds(31));
        (await sender.SendDueAsync()).Sent.Should().Be(1);
        Sent(Apis.WebhookSend).Should().Be(1);
    }

    [Fact]
    public async Task Pending_rows_survive_a_restart_and_go_out_after_it()
    {
        await _rig.EnqueueAsync(OutboxChannels.App, "wangfang", SenderRig.AppText("wangfang", "一"), "t:restart:1");
        await _rig.EnqueueAsync(OutboxChannels.App, "lina", SenderRig.AppText("lina", "二"), "t:restart:2");

        // The first host runs without WeCom configured: nothing is claimed, nothing lost, and it says so once.
        var unconfigured = _rig.NewSender(configured: false);
        (await unconfigured.SendDueAsync()).Claimed.Should().Be(0);
        (await unconfigured.SendDueAsync()).Claimed.Should().Be(0);
        _rig.Logs.Entries.Should().ContainSingle(e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains("outbox messages stay pending", StringComparison.Ordinal));
        (await _rig.RowsAsync(OutboxStates.Pending)).Count.Should().Be(2);

        var restarted = _rig.NewSender();
        (await restarted.SendDueAsync()).Sent.Should().Be(2);
        _rig.WeCom.Messages.Count.Should().Be(2);
        (await _rig.RowsAsync(OutboxStates.Pending)).Should().BeEmpty();
    }

    [Fact]
    public async Task Untrusted_ip_is_parked_with_its_reason_and_not_retried()
    {
        _rig.WeCom.UntrustedCallerIp = "203.0.113.7";
        await _rig.EnqueueAsync(OutboxChannels.App, "wangfang", SenderRig.AppText("wangfang", "提醒"), "t:60020");
        var sender = _rig.NewSender();

        (await sender.SendDueAsync()).Parked.Should().Be(1);
        var row = await _rig.RowAsync("t:60020");
        row.State.Should().Be(OutboxStates.Parked);
        row.LastError.Should().Contain("203.0.113.7");
        row.LastError.Should().Contain("企业可信IP");

        _rig.WeCom.UntrustedCallerIp = null;
        _rig.Time.Advance(TimeSpan.FromHours(1));
        (await sender.SendDueAsync()).Claimed.Should().Be(0);
        _rig.WeCom.Messages.Should().BeEmpty();
    }

    [Fact]
    public async Task All_recipients_invalid_is_parked()
    {
        _rig.WeCom.AddUser(new Attendance.WeCom.Simulator.SimulatedUser("zhangwei", "张伟", [2]));
        await _rig.EnqueueAsync(OutboxChannels.App, "nobody", SenderRig.AppText("nobody", "提醒"), "t:81013");
        (await _rig.NewSender().SendDueAsync()).Parked.Should().Be(1);
        (await _rig.RowAsync("t:81013")).LastError.Should().Contain("81013");
    }

    [Fact]
    public async Task A_robot_key_never_reaches_the_logs()
    {
        const string key = "b7e3c0de-5f1a-4e2b-9c8d-secretrobotkey";
        _rig.WeCom.RobotKeys.Add("some-other-key");
        await _rig.EnqueueAsync(OutboxChannels.Robot, key, SenderRig.RobotMarkdown("日报"), "t:key:invalid");
        await _rig.EnqueueAsync(OutboxChannels.Robot, key, "not json", "t:key:payload");
        var sender = _rig.NewSender();
        await sender.SendDueAsync();
        _rig.WeCom.RobotKeys.Clear();
        _rig.WeCom.FailNext(Apis.WebhookSend, -1, 5);
        _rig.Time.Advance(TimeSpan.FromHours(1));
        await sender.SendDueAsync();
        _rig.Time.Advance(TimeSpan.FromHours(1));
        await sender.SendDueAsync();

        _rig.Logs.Entries.Should().NotBeEmpty();
        _rig.Logs.Entries.Should().NotContain(e => e.Contains(key, StringComparison.Ordinal));
        (await _rig.RowsAsync()).Should().NotContain(r => r.LastError != null && r.LastError.Contains(key, StringComparison.Ordinal));
        (await _rig.RowAsync("t:key:payload")).State.Should().Be(OutboxStates.Parked);
        (await _rig.RowAsync("t:key:invalid")).State.Should().Be(OutboxStates.Sent);
    }

    [Fact]
    public async Task A_robot_gets_at_most_20_messages_a_minute_and_the_rest_wait()
    {
        for (var i = 0; i < 25; i++)
        {
            await _rig.EnqueueAsync(OutboxChannels.Robot, "robot-key-2", SenderRig.RobotMarkdown($"第{i}条"), $"t:robot:{i}");
        }

        var sender = _rig.NewSender();
        var first = await sender.SendDueAsync();
        first.Sent.Should().Be(20);
        first.Deferred.Should().Be(5);
        Sent(Apis.WebhookSend).Should().Be(20);
        (await sender.SendDueAsync()).Sent.Should().Be(0);

        _rig.Time.Advance(TimeSpan.FromSeconds(61));
        (await sender.SendDueAsync()).Sent.Should().Be(5);
        Sent(Apis.WebhookSend).Should().Be(25);
    }

    [Fact]
    public async Task A_member_gets_at_most_30_app_messages_a_minute()
    {
        for (var i = 0; i < 32; i++)
        {
            await _rig.EnqueueAsync(OutboxChannels.App, "wangfang", SenderRig.AppText("wangfang", $"第{i}条"), $"t:member:{i}");
        }

        await _rig.EnqueueAsync(OutboxChannels.App, "lina", SenderRig.AppText("lina", "别人"), "t:member:other");
        var pass = await _rig.NewSender().SendDueAsync();
        pass.Sent.Should().Be(31);
        pass.Deferred.Should().Be(2);
        _rig.WeCom.Messages.Count(m => m.ToUser == "wangfang").Should().Be(30);
        _rig.WeCom.Messages.Should().ContainSingle(m => m.ToUser == "lina");
    }

    [Fact]
    public async Task Alerts_to_one_leader_are_batched_into_one_message_per_ten_minutes()
    {
        for (var i = 1; i <= 3; i++)
        {
            await _rig.EnqueueAsync(OutboxChannels.App, "zhangwei", SenderRig.AppText("zhangwei", $"王芳 第{i}次打卡待复核"), $"alert:punch:{i}");
        }

        await _rig.EnqueueAsync(OutboxChannels.App, "lina", SenderRig.AppText("lina", "刘洋 打卡被拒绝"), "alert:punch:9");
        var sender = _rig.NewSender();
        var pass = await sender.SendDueAsync();
        pass.Sent.Should().Be(4);

        var toLeader = _rig.WeCom.Messages.Should().ContainSingle(m => m.ToUser == "zhangwei").Which;
        toLeader.Json.Should().Contain("3 条");
        toLeader.Json.Should().Contain("第1次");
        toLeader.Json.Should().Contain("第3次");
        _rig.WeCom.Messages.Should().ContainSingle(m => m.ToUser == "lina");
        (await _rig.RowsAsync()).Should().AllSatisfy(r => r.State.Should().Be(OutboxStates.Sent));

        // A fourth alert five minutes later waits for the end of the leader's ten-minute window.
        _rig.Time.Advance(TimeSpan.FromMinutes(5));
        await _rig.EnqueueAsync(OutboxChannels.App, "zhangwei", SenderRig.AppText("zhangwei", "王芳 第4次打卡待复核"), "alert:punch:4");
        (await sender.SendDueAsync()).Deferred.Should().Be(1);
        _rig.Time.Advance(TimeSpan.FromMinutes(4));
        (await sender.SendDueAsync()).Claimed.Should().Be(0);
        _rig.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        (await sender.SendDueAsync()).Sent.Should().Be(1);
        _rig.WeCom.Messages.Count(m => m.ToUser == "zhangwei").Should().Be(2);
    }

    [Fact]
    public async Task A_review_card_is_never_merged_into_a_leaders_alert_batch()
    {
        await _rig.EnqueueAsync(OutboxChannels.App, "zhangwei", SenderRig.AppText("zhangwei", "刘洋 打卡被拒"), "alert:punch:1");
        await _rig.EnqueueAsync(OutboxChannels.App, "zhangwei", SenderRig.AppText("zhangwei", "李娜 打卡被拒"), "alert:punch:2");
        await _rig.EnqueueAsync(OutboxChannels.App, "zhangwei", Card("zhangwei", 3), "review:punch:3:card");
        // Even under an alert key a card goes alone: buttons cannot be part of a markdown text.
        await _rig.EnqueueAsync(OutboxChannels.App, "zhangwei", Card("zhangwei", 4), "alert:punch:4");

        var pass = await _rig.NewSender().SendDueAsync();
        pass.Sent.Should().Be(4);
        pass.Deferred.Should().Be(0);
        var toLeader = _rig.WeCom.Messages.Where(m => m.ToUser == "zhangwei").ToList();
        toLeader.Select(m => m.MsgType).Should().BeEquivalentTo(["markdown", "template_card", "template_card"]);
        var batch = toLeader.Single(m => m.MsgType == "markdown").Json;
        batch.Should().Contain("2 条").And.Contain("刘洋").And.Contain("李娜").And.NotContain("review-");
        toLeader.Where(m => m.MsgType == "template_card").Select(m => JsonNode.Parse(m.Json)!["template_card"]!["task_id"]!.GetValue<string>())
            .Should().BeEquivalentTo(["review-3-00000000000000aa", "review-4-00000000000000aa"]);
        _rig.WeCom.Refusals.Should().BeEmpty();
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("04:00:01")]
    [InlineData("00:05:00.500")]
    public void A_duplicate_check_window_WeCom_cannot_take_or_shorter_than_the_lease_stops_start_up(string window)
    {
        var problems = new OutboxOptions { DuplicateCheckInterval = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture) }
            .Validate().ToList();
        problems.Should().ContainSingle().Which.Should().StartWith("Outbox:DuplicateCheckInterval");
        new OutboxOptions { DuplicateCheckInterval = TimeSpan.Zero }.Validate().Should().BeEmpty("zero turns the check off");
        new OutboxOptions().Validate().Should().BeEmpty();
    }

    private static string Card(string toUser, long punchId) => System.Text.Json.JsonSerializer.Serialize(new
    {
        touser = toUser,
        msgtype = "template_card",
        template_card = new
        {
            card_type = "button_interaction",
            main_title = new { title = "打卡待复核" },
            task_id = $"review-{punchId}-00000000000000aa",
            button_list = new[] { new { text = "通过", key = "approve" }, new { text = "驳回", key = "reject" } },
        },
    }, WeComJson.Options);
}
