using System.Text.Json.Nodes;
using Attendance.BotHost.Digests;
using Attendance.BotHost.Tests.Bot;
using Attendance.BotHost.Tests.Outbox;
using Attendance.BotHost.Tests.Punching;
using Attendance.Data.Outbox;
using Attendance.Rules.Digests;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Outbox;

/// <summary>
/// Each place the service talks to WeCom, end to end through the strict stand-in (which refuses what the real server
/// refuses): text that old escaping broke (U+3000 between a digest's counts, Extension-B and emoji in names), a token
/// that dies mid-run, and a card whose answer was lost. The export, 补卡 card and card-update paths are covered the
/// same way by Bot/BotExportTests and Bot/BotApprovalTests; directory, check-in and sign-in paths by their own tests.
/// </summary>
public sealed class CallSiteTests
{
    private const string RobotKey = "wire-robot-key-0001";
    private const string HardName = "𠮷磊😀";

    [Fact]
    public async Task A_digest_reaches_robot_app_chat_and_leaders_as_raw_utf8_across_a_token_expiry()
    {
        await using var wecom = await WeComSimulator.StartAsync();
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            ["--Scheduling:Enabled=false", "--Outbox:PollInterval=00:00:00.100",
            .. wecom.HostArgs()]);
        await host.Services.GetRequiredService<WeComClient>().ExecuteCgiBinAppChatCreateAsync(
            new CgiBinAppChatCreateRequest { ChatId = "wirechat01", Name = "研发部考勤", Owner = "zhangwei", UserList = ["zhangwei", "lina"] });
        wecom.ExpireTokensAfterCalls(2);

        var department = new Department(2, "研发部", 1, ["lina", "zhangwei"], new DigestSettings(RobotKey, "wirechat01", null, null));
        DigestRow[] rows = [new(HardName, "jilei", DayStatus.Absent, DayAnomalies.Absent), new("王\u00a0芳", "wangfang", DayStatus.Late, DayAnomalies.Late, LateMinutes: 12)];
        var input = new DigestInput("研发部", new DateOnly(2026, 3, 9), DigestKind.Full, rows, 5);
        var published = await host.Services.GetRequiredService<DigestPublisher>().PublishAsync(department, input);

        await host.WaitForOutboxDrainedAsync();
        wecom.Refusals.Should().BeEmpty();
        wecom.GetTokenCalls.Should().Be(2, "the token died after two calls and was fetched once more");
        var markdown = wecom.Messages.Where(m => m.MsgType == MessageTypes.Markdown).ToList();
        markdown.Select(m => m.Api).Should().BeEquivalentTo([Apis.WebhookSend, Apis.AppChatSend, Apis.MessageSend, Apis.MessageSend]);
        markdown.Should().OnlyContain(m => Content(m, "markdown").Contains('\u3000') && Content(m, "markdown").Contains(HardName));
        markdown.Should().OnlyContain(m => !m.Json.Contains("\\u", StringComparison.Ordinal));
        wecom.Messages.Should().HaveCount(published.Enqueued, "every part is delivered once");
    }

    [Fact]
    public async Task A_review_punch_alert_reaches_the_leader()
    {
        await using var wecom = await WeComSimulator.StartAsync();
        await using var bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite,
            ["--Outbox:PollInterval=00:00:00.100", "--Scheduling:Enabled=false",
            .. wecom.HostArgs()]);

        var (lat, lon) = bed.North(10);
        var review = await bed.PostAsync("u10a", PunchTestBed.Body("wire-alert-1", lat, lon, accuracy: 0));
        review.Body.GetProperty("verdict").GetString().Should().Be("review");

        // A punch in review reaches the leader as a card with 通过 / 驳回 that the real server's rules accept.
        var alert = await wecom.WaitForMessageAsync(m => m.Api == Apis.MessageSend && m.ToUser == "boss", TimeSpan.FromSeconds(30));
        alert.MsgType.Should().Be("template_card");
        ((string?)JsonNode.Parse(alert.Json)!["template_card"]!["task_id"]).Should().StartWith("review-");
        alert.Json.Should().NotContain("\\u");
        alert.Json.Should().Contain("员工10a").And.Contain("定位精度为 0");
        wecom.Refusals.Should().BeEmpty();
    }

    [Fact]
    public async Task A_bot_reply_naming_an_extension_b_employee_reaches_the_member()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        await Ok(rig.Host, HttpMethod.Put, "/api/admin/employees/jilei", new { name = HardName, departmentIds = new[] { 1 } });

        var reply = await rig.AskAsync("chenjing", "查 " + HardName);

        reply.Should().Contain(HardName);
        rig.WeCom.Refusals.Should().BeEmpty();
    }

    [Fact]
    public async Task A_card_whose_answer_was_lost_is_resent_once_and_counted_delivered_not_parked()
    {
        await using var rig = await SenderRig.StartAsync();
        var card = System.Text.Json.JsonSerializer.Serialize(new CgiBinMessageSendRequest
        {
            ToUser = "zhangwei",
            MessageType = MessageTypes.TemplateCard,
            TemplateCard = new TemplateCardContent
            {
                TaskId = "correction-1-00112233aabbccdd",
                MainTitle = new TemplateCardTitle { Title = "补卡审批" },
                ButtonList = [new TemplateCardButton { Text = "同意", Key = "approve" }, new TemplateCardButton { Text = "驳回", Key = "reject" }],
            },
        }, Attendance.WeCom.WeComJson.Options);
        await rig.EnqueueAsync(OutboxChannels.App, "zhangwei", card, "bot:correction:1:card");
        rig.WeCom.LoseAnswers(Apis.MessageSend);
        var sender = rig.NewSender();

        var first = await sender.SendDueAsync();
        first.Failed.Should().Be(1, "the answer never arrived");
        rig.Time.Advance(TimeSpan.FromHours(1));
        var second = await sender.SendDueAsync();

        second.Sent.Should().Be(1);
        second.Parked.Should().Be(0);
        (await rig.RowAsync("bot:correction:1:card")).State.Should().Be(OutboxStates.Sent);
        rig.WeCom.Messages.Should().ContainSingle(m => m.MsgType == MessageTypes.TemplateCard);
        rig.WeCom.Refusals.Should().ContainSingle(r => r.Refusal.ErrorCode == Attendance.WeCom.WeComErrorCodes.TaskIdExists);
    }

    [Fact]
    public async Task A_text_whose_answer_was_lost_is_resent_and_WeCom_drops_the_copy()
    {
        await using var rig = await SenderRig.StartAsync();
        var text = System.Text.Json.JsonSerializer.Serialize(new CgiBinMessageSendRequest
        {
            ToUser = "zhangwei", MessageType = MessageTypes.Text, Text = new TextContent { Content = "您有一条待审批的补卡" },
        }, Attendance.WeCom.WeComJson.Options);
        await rig.EnqueueAsync(OutboxChannels.App, "zhangwei", text, "digest:1:2026-10-12:full:app:zhangwei:1");
        rig.WeCom.LoseAnswers(Apis.MessageSend);
        var sender = rig.NewSender();

        (await sender.SendDueAsync()).Failed.Should().Be(1, "the answer never arrived");
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        (await sender.SendDueAsync()).Sent.Should().Be(1);

        var shown = rig.WeCom.Messages.Should().ContainSingle("WeCom took the first request and dropped its copy").Which;
        var request = JsonNode.Parse(shown.Json)!;
        request["enable_duplicate_check"]!.GetValue<int>().Should().Be(1);
        request["duplicate_check_interval"]!.GetValue<int>().Should().Be(300, "Outbox:DuplicateCheckInterval is 5 minutes by default");
        rig.WeCom.SuppressedDuplicates.Should().ContainSingle();
    }

    [Fact]
    public async Task The_bots_answers_go_without_the_duplicate_check_so_a_question_asked_twice_is_answered_twice()
    {
        await using var rig = await SenderRig.StartAsync();
        var text = System.Text.Json.JsonSerializer.Serialize(new CgiBinMessageSendRequest
        {
            ToUser = "zhangwei", MessageType = MessageTypes.Text, Text = new TextContent { Content = "考勤助手可以帮您" },
        }, Attendance.WeCom.WeComJson.Options);
        await rig.EnqueueAsync(OutboxChannels.App, "zhangwei", text, "bot:1000002:msg-1:1");
        await rig.EnqueueAsync(OutboxChannels.App, "zhangwei", text, "bot:1000002:msg-2:1");

        (await rig.NewSender().SendDueAsync()).Sent.Should().Be(2);
        rig.WeCom.Messages.Should().HaveCount(2);
        rig.WeCom.Messages.Should().OnlyContain(m => JsonNode.Parse(m.Json)!["enable_duplicate_check"] == null);
    }

    private static string Content(SimulatedMessage message, string type) =>
        JsonNode.Parse(message.Json)?[type]?["content"]?.GetValue<string>() ?? "";
}
