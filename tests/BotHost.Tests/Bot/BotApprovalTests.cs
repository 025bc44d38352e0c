using System.Text.Json.Nodes;
using Attendance.BotHost.Tests.Days;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>补卡 in chat: request → card to the leader → click → card updated → employee told → day recomputed.</summary>
public sealed class BotApprovalTests
{
    private const string UpdateApi = "/cgi-bin/message/update_template_card";

    [Theory]
    [InlineData(Data.DatabaseProvider.Sqlite)]
    [InlineData(Data.DatabaseProvider.Postgres)]
    public async Task A_correction_is_approved_from_the_card_and_the_day_is_recomputed(Data.DatabaseProvider provider)
    {
        TestDatabase.RequireOrSkip(provider);
        await using var rig = await BotRig.StartAsync(provider);
        await rig.SeedAsync();
        var date = RecentWeekday();
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await StatusAsync(rig, day, "wangfang")).Should().Be("absent");

        var leaderBefore = rig.To("zhangwei").Count;
        var submitted = await rig.AskAsync("wangfang", $"补卡 {day} 上班 08:55 忘记打卡");
        submitted.Should().Contain("补卡申请已提交（编号 ");
        submitted.Should().Contain("已发给 张伟 审批");
        var id = long.Parse(submitted.Split("编号 ")[1].Split('）')[0], CultureInfo.InvariantCulture);

        var card = await rig.NextAsync("zhangwei", leaderBefore, m => m.MsgType == "template_card");
        var content = BotRig.Body(card)["template_card"]!;
        ((string?)content["card_type"]).Should().Be("button_interaction");
        ((string?)content["task_id"]).Should().MatchRegex($"^correction-{id}-[0-9a-f]{{16}}$");
        var taskId = (string)content["task_id"]!;
        content["button_list"]!.AsArray().Select(b => (string?)b!["key"]).ToArray().Should().Equal(["approve", "reject"]);
        card.Json.Should().Contain("忘记打卡");
        card.ToUser.Should().Be("zhangwei");

        var pending = await rig.AskAsync("zhangwei", "待审批");
        pending.Should().Contain($"编号 {id} 王芳");
        (await rig.AskAsync("lina", "待审批")).Should().Be("没有等您审批的补卡。");

        // Someone who is not an approver clicks (a forwarded card, a forged event): nothing changes.
        var stranger = await ClickAsync(rig, "liuyang", taskId, "approve", "rc-stranger");
        stranger.Should().StartWith("无权限");
        (await StatusAsync(rig, day, "wangfang")).Should().Be("absent");
        rig.WeCom.Messages.Should().NotContain(m => m.Api == UpdateApi);

        var employeeBefore = rig.To("wangfang").Count;
        await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent("zhangwei", taskId, "approve", "rc-first"));
        var told = await rig.NextAsync("wangfang", employeeBefore, m => BotRig.TextOf(m).Contains("已通过", StringComparison.Ordinal));
        BotRig.TextOf(told).Should().Contain($"编号 {id}");
        BotRig.TextOf(told).Should().Contain("审批人：张伟");
        var update = await rig.WeCom.WaitForMessageAsync(m => m.Api == UpdateApi, TimeSpan.FromSeconds(20));
        var updateBody = JsonNode.Parse(update.Json)!;
        ((string?)updateBody["response_code"]).Should().Be("rc-first");
        ((string?)updateBody["button"]!["replace_name"]).Should().Be("已同意");
        update.ToUser.Should().Be("zhangwei");
        (await StatusAsync(rig, day, "wangfang")).Should().Be("missing_out");

        // A second click (another button; WeCom dedupes events by sender and CreateTime, so a later second) changes
        // nothing and says so.
        var again = await ClickAsync(rig, "zhangwei", taskId, "reject", "rc-second", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        again.Should().Contain("已经处理过了（已同意）");
        rig.WeCom.Messages.Should().ContainSingle(m => m.Api == UpdateApi);
        rig.To("wangfang").Skip(employeeBefore).Should().ContainSingle(m => BotRig.TextOf(m).Contains("补卡申请", StringComparison.Ordinal));
        (await StatusAsync(rig, day, "wangfang")).Should().Be("missing_out");
        (await rig.AskAsync("zhangwei", "待审批")).Should().Be("没有等您审批的补卡。");

        var audit = await rig.AuditAsync("user:zhangwei");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "correction.approve"
                                                     && a.GetProperty("entityId").GetString() == id.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_rejection_leaves_the_day_as_it_was_and_tells_the_employee()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        var day = RecentWeekday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var submitted = await rig.AskAsync("wangfang", $"correction {day} out 18:00 手机没电");
        var id = long.Parse(submitted.Split("编号 ")[1].Split('）')[0], CultureInfo.InvariantCulture);
        var before = rig.To("wangfang").Count;
        await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent("zhangwei", $"correction-{id}", "reject", "rc-no"));
        var told = await rig.NextAsync("wangfang", before, m => BotRig.TextOf(m).Contains("未通过", StringComparison.Ordinal));
        BotRig.TextOf(told).Should().Contain("下班 18:00");
        var update = await rig.WeCom.WaitForMessageAsync(m => m.Api == UpdateApi, TimeSpan.FromSeconds(20));
        ((string?)JsonNode.Parse(update.Json)!["button"]!["replace_name"]).Should().Be("已驳回");
        (await StatusAsync(rig, day, "wangfang")).Should().Be("absent");
    }

    [Fact]
    public async Task Limits_and_a_missing_approver_are_answered_with_the_reason()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        var today = Today();
        var day = RecentWeekday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var old = today.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (await rig.AskAsync("wangfang", $"补卡 {old} 上班 09:00 忘了")).Should().Be("补卡未提交：只能补最近 7 天内的卡。");
        (await rig.AskAsync("wangfang", $"补卡 {today.AddDays(2):yyyy-MM-dd} 上班 09:00 忘了")).Should().Be("不能为将来的日期补卡。");
        (await rig.AskAsync("wangfang", "补卡 昨天")).Should().Contain("格式：补卡");
        (await rig.AskAsync("zhaolei", $"补卡 {day} 上班 09:00 忘了")).Should().Contain("没有找到您的审批人");

        for (var i = 0; i < 3; i++)
        {
            (await rig.AskAsync("wangfang", $"补卡 {day} 上班 09:0{i} 第{i + 1}次")).Should().Contain("补卡申请已提交");
        }

        (await rig.AskAsync("wangfang", $"补卡 {day} 上班 09:00 第四次")).Should().Be("补卡未提交：本月补卡次数已用完（每月最多 3 次）。");
        var cards = rig.To("zhangwei").Where(m => m.MsgType == "template_card").Select(m => (string?)BotRig.Body(m)["template_card"]!["task_id"]).ToList();
        cards.Distinct().Count().Should().Be(3);
        cards.Count.Should().Be(3);
    }

    [Fact]
    public async Task Two_cards_clicked_within_the_same_second_are_both_decided()
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        var day = RecentWeekday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var first = await rig.AskAsync("wangfang", $"补卡 {day} 上班 08:55 忘记打卡");
        var second = await rig.AskAsync("wangfang", $"补卡 {day} 下班 18:05 手机没电");
        var ids = new[] { first, second }.Select(r => long.Parse(r.Split("编号 ")[1].Split('）')[0], CultureInfo.InvariantCulture)).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var before = rig.To("wangfang").Count;
        foreach (var id in ids)
        {
            await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent("zhangwei", $"correction-{id}", "approve", $"rc-{id}", now));
        }

        await rig.WeCom.WaitForMessageAsync(_ => rig.To("wangfang").Skip(before).Count(m => BotRig.TextOf(m).Contains("已通过", StringComparison.Ordinal)) == 2,
            TimeSpan.FromSeconds(20));
        (await StatusAsync(rig, day, "wangfang")).Should().Be("normal");
    }

    [Theory]
    [InlineData("correction-abc", "approve")]
    [InlineData("correction-999999", "approve")]
    [InlineData("other-1", "approve")]
    [InlineData("correction-1", "delete")]
    public async Task Malformed_or_unknown_clicks_change_nothing(string taskId, string eventKey)
    {
        await using var rig = await BotRig.StartAsync();
        await rig.SeedAsync();
        var day = RecentWeekday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await rig.AskAsync("wangfang", $"补卡 {day} 上班 08:55 忘记打卡");
        var reply = await ClickAsync(rig, "zhangwei", taskId, eventKey, "rc-x");
        (reply.StartsWith("无权限", StringComparison.Ordinal) || reply.Contains("无法识别", StringComparison.Ordinal)).Should().BeTrue(reply);
        rig.WeCom.Messages.Should().NotContain(m => m.Api == UpdateApi);
        (await StatusAsync(rig, day, "wangfang")).Should().Be("absent");
    }

    private static async Task<string> ClickAsync(BotRig rig, string user, string taskId, string eventKey, string responseCode, long? createTime = null)
    {
        var before = rig.To(user).Count;
        await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent(user, taskId, eventKey, responseCode, createTime));
        return BotRig.TextOf(await rig.NextAsync(user, before, m => m.MsgType == "text"));
    }

    private static async Task<string?> StatusAsync(BotRig rig, string day, string userId)
    {
        var days = SmallCompany.ByUser(await SmallCompany.Ok(rig.Host, HttpMethod.Get, $"/api/admin/days?date={day}&departmentId=1"));
        return days[userId].GetProperty("status").GetString();
    }

    private static DateOnly Today()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return DateOnly.FromDateTime(local.Hour < 4 ? local.DateTime.AddDays(-1) : local.DateTime);
    }

    /// <summary>The latest Monday–Friday at least two days back (inside the 7-day limit, and final by now).</summary>
    [Fact]
    public async Task A_correction_asked_for_on_the_punch_page_reaches_the_leader_as_a_card_once()
    {
        await using var rig = await BotRig.StartAsync(Data.DatabaseProvider.Sqlite, "--Security:DevLogin=true");
        await rig.SeedAsync();
        var day = RecentWeekday().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var login = await rig.Host.Client.SendAsync(rig.Host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "wangfang" }));
        var token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();

        var leaderBefore = rig.To("zhangwei").Count;
        var created = await rig.Host.Client.SendAsync(rig.Host.Request(HttpMethod.Post, "/api/me/corrections",
            new { date = day, kind = "in", time = "08:55", reason = "页面上申请的补卡" }, token));
        created.StatusCode.Should().Be(System.Net.HttpStatusCode.Created);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();

        var card = await rig.NextAsync("zhangwei", leaderBefore, m => m.MsgType == "template_card");
        var content = BotRig.Body(card)["template_card"]!;
        ((string?)content["task_id"]).Should().MatchRegex($"^correction-{id}-[0-9a-f]{{16}}$");
        card.Json.Should().Contain("页面上申请的补卡");

        // Decided from that card like one asked for in chat.
        var employeeBefore = rig.To("wangfang").Count;
        await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent("zhangwei", (string)content["task_id"]!, "approve"));
        await rig.NextAsync("wangfang", employeeBefore, m => BotRig.TextOf(m).Contains("已通过", StringComparison.Ordinal));
        await rig.Host.WaitForOutboxDrainedAsync();
        rig.To("zhangwei").Skip(leaderBefore).Should().ContainSingle(m => m.MsgType == "template_card");
    }

    private static DateOnly RecentWeekday()
    {
        var date = Today().AddDays(-2);
        while (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}
