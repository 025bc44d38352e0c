using System.Text.Json.Nodes;
using Attendance.BotHost.Tests.Days;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>
/// Flagged punches decided in chat: a real punch scored review → card to the leader → click (encrypted callback) →
/// decision, day recomputed, card updated, employee told; 驳回 asks for the reason; 待复核 / 通过 / 驳回 by text; and
/// nobody out of scope, nor the employee, decides.
/// </summary>
public sealed class BotReviewTests
{
    private const string UpdateApi = "/cgi-bin/message/update_template_card";

    [Theory]
    [InlineData(Data.DatabaseProvider.Sqlite)]
    [InlineData(Data.DatabaseProvider.Postgres)]
    public async Task A_leaders_click_approves_the_punch_and_HR_may_change_it_later(Data.DatabaseProvider provider)
    {
        TestDatabase.RequireOrSkip(provider);
        await using var rig = await ReviewPunches.StartAsync(provider);
        var day = await ReviewPunches.ShiftEndingNowAsync(rig, "wangfang");
        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("absent");

        var id = await ReviewPunches.PunchAsync(rig, "wangfang");
        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("pending_review");

        var message = await ReviewPunches.CardAsync(rig, "zhangwei", id);
        message.GetProperty("touser").GetString().Should().Be("zhangwei");
        var card = message.GetProperty("template_card");
        card.GetProperty("card_type").GetString().Should().Be("button_interaction");
        var taskId = card.GetProperty("task_id").GetString()!;
        taskId.Should().MatchRegex($"^review-{id}-[0-9a-f]{{16}}$");
        card.GetProperty("button_list").EnumerateArray().Select(b => (b.GetProperty("text").GetString(), b.GetProperty("key").GetString()))
            .Should().Equal(("通过", "approve"), ("驳回", "reject"));
        var entries = card.GetProperty("horizontal_content_list").EnumerateArray()
            .ToDictionary(e => e.GetProperty("keyname").GetString()!, e => e.GetProperty("value").GetString());
        entries["员工"].Should().Be("王芳（wangfang）");
        entries["编号"].Should().Be(id.ToString(CultureInfo.InvariantCulture));
        entries["时间"].Should().MatchRegex(@"^\d\d-\d\d \d\d:\d\d$");
        entries["地点"].Should().StartWith("上海总部 · ").And.EndWith(" 米");
        card.GetProperty("sub_title_text").GetString().Should().Contain("定位精度为 0");
        rig.To("zhangwei").Should().NotContain(m => m.MsgType == "markdown" || BotRig.TextOf(m).Contains("待复核", StringComparison.Ordinal),
            "a punch in review is announced by its card alone");

        var employeeBefore = rig.To("wangfang").Count;
        await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent("zhangwei", taskId, "approve", "rc-approve"));
        var told = await rig.NextAsync("wangfang", employeeBefore, m => BotRig.TextOf(m).Contains("已通过复核", StringComparison.Ordinal));
        BotRig.TextOf(told).Should().Contain("复核人：张伟");
        var update = await rig.WeCom.WaitForMessageAsync(m => m.Api == UpdateApi, TimeSpan.FromSeconds(20));
        var updateBody = JsonNode.Parse(update.Json)!;
        ((string?)updateBody["response_code"]).Should().Be("rc-approve");
        ((string?)updateBody["button"]!["replace_name"]).Should().Be("已通过");
        update.ToUser.Should().Be("zhangwei");
        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("missing_in", "the approved check-out counts; the check-in is still missing");

        // HR changes the decision later through the API, with a reason: the day follows, both decisions are audited.
        var hr = await ReviewPunches.TokenAsync(rig, "chenjing");
        var changed = await rig.Host.Client.SendAsync(rig.Host.Request(HttpMethod.Post, $"/api/admin/punches/{id}/decision",
            new { approve = false, reason = "监控显示本人不在公司" }, hr));
        await SmallCompany.Expect(changed, HttpStatusCode.OK);
        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("absent");
        var audit = await SmallCompany.Ok(rig.Host, HttpMethod.Get, $"/api/admin/audit?entityType=punch&entityId={id}&limit=50");
        var decisions = audit.EnumerateArray()
            .Where(a => a.GetProperty("action").GetString() is "punch.decide" or "punch.decision.change")
            .Select(a => (Action: a.GetProperty("action").GetString(), Actor: a.GetProperty("actor").GetString(),
                Details: JsonDocument.Parse(a.GetProperty("details").GetString()!).RootElement.Clone()))
            .ToList();
        decisions.Should().HaveCount(2);
        var first = decisions.Single(d => d.Action == "punch.decide");
        first.Actor.Should().Be("user:zhangwei");
        first.Details.GetProperty("decision").GetString().Should().Be("approved");
        var second = decisions.Single(d => d.Action == "punch.decision.change");
        second.Actor.Should().Be("user:chenjing");
        second.Details.GetProperty("decision").GetString().Should().Be("rejected");
        second.Details.GetProperty("previous").GetString().Should().Be("approved");
        second.Details.GetProperty("reason").GetString().Should().Be("监控显示本人不在公司");
        rig.WeCom.Refusals.Should().BeEmpty();
    }

    [Fact]
    public async Task Reject_by_click_takes_the_reason_from_the_next_message()
    {
        await using var rig = await ReviewPunches.StartAsync();
        var day = await ReviewPunches.ShiftEndingNowAsync(rig, "wangfang");
        var id = await ReviewPunches.PunchAsync(rig, "wangfang");
        var taskId = (await ReviewPunches.CardAsync(rig, "zhangwei", id)).GetProperty("template_card").GetProperty("task_id").GetString()!;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // 驳回 asks for the reason; 取消 withdraws it and the punch stays in review.
        (await ClickAsync(rig, "zhangwei", taskId, "reject", "rc-first", now)).Should().StartWith("请回复驳回原因（200 字以内）");
        (await rig.AskAsync("zhangwei", "取消")).Should().Contain("已取消驳回");
        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("pending_review");

        // A second 驳回: a command in between runs as a command; a reason too long is asked for again.
        (await ClickAsync(rig, "zhangwei", taskId, "reject", "rc-second", now + 1)).Should().StartWith("请回复驳回原因（200 字以内）");
        (await rig.AskAsync("zhangwei", "帮助")).Should().Contain("待复核");
        (await rig.AskAsync("zhangwei", new string('长', 201))).Should().Contain("请重新回复驳回原因");
        rig.WeCom.Messages.Should().NotContain(m => m.Api == UpdateApi);

        var employeeBefore = rig.To("wangfang").Count;
        (await rig.AskAsync("zhangwei", "当时人在家里，定位是模拟的")).Should().Be($"已驳回编号 {id} 的打卡（王芳），已通知本人。");
        var told = await rig.NextAsync("wangfang", employeeBefore, m => BotRig.TextOf(m).Contains("未通过复核", StringComparison.Ordinal));
        BotRig.TextOf(told).Should().Contain("原因：当时人在家里，定位是模拟的");
        var update = await rig.WeCom.WaitForMessageAsync(m => m.Api == UpdateApi, TimeSpan.FromSeconds(20));
        ((string?)JsonNode.Parse(update.Json)!["response_code"]).Should().Be("rc-second");
        ((string?)JsonNode.Parse(update.Json)!["button"]!["replace_name"]).Should().Be("已驳回");
        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("absent");

        // The prompt was answered once: the next message is an ordinary one again.
        (await rig.AskAsync("zhangwei", "随便说一句")).Should().Be("没看懂这句话。发送「帮助」查看考勤助手能做什么。");
        rig.WeCom.Refusals.Should().BeEmpty();
    }

    [Theory]
    [InlineData(Data.DatabaseProvider.Sqlite)]
    [InlineData(Data.DatabaseProvider.Postgres)]
    public async Task Commands_list_approve_and_reject_only_in_scope(Data.DatabaseProvider provider)
    {
        TestDatabase.RequireOrSkip(provider);
        await using var rig = await ReviewPunches.StartAsync(provider);
        var wangfang = await ReviewPunches.PunchAsync(rig, "wangfang");
        var xiaoming = await ReviewPunches.PunchAsync(rig, "xiaoming");
        await ReviewPunches.CardAsync(rig, "lina", xiaoming);
        var explained = await rig.Host.Client.SendAsync(rig.Host.Request(HttpMethod.Post, $"/api/me/punches/{xiaoming}/explanation",
            new { text = "手机定位坏了" }, await ReviewPunches.TokenAsync(rig, "xiaoming")));
        await SmallCompany.Expect(explained, HttpStatusCode.OK);

        var leader = await rig.AskAsync("zhangwei", "待复核");
        leader.Should().StartWith("等您复核的打卡共 1 条").And.Contain($"编号 {wangfang} 王芳").And.Contain("定位精度为 0").And.NotContain("小明");
        var department = await rig.AskAsync("lina", "待复核");
        department.Should().Contain($"编号 {xiaoming} 小明").And.Contain("本人说明：手机定位坏了").And.NotContain("王芳");
        (await rig.AskAsync("chenjing", "reviews")).Should().StartWith("等您复核的打卡共 2 条");
        (await rig.AskAsync("liuyang", "待复核")).Should().Be("没有等您复核的打卡。");
        (await rig.AskAsync("wangfang", "待复核")).Should().Be("没有等您复核的打卡。", "nobody reviews their own punch");

        // Out of scope, or one's own: refused, nothing changes, nobody is told.
        var employeeBefore = rig.To("wangfang").Count;
        (await rig.AskAsync("lina", $"通过 {wangfang}")).Should().StartWith("无权限");
        (await rig.AskAsync("liuyang", $"驳回 {wangfang} 不在公司")).Should().StartWith("无权限");
        (await rig.AskAsync("wangfang", $"通过 {wangfang}")).Should().StartWith("无权限");
        (await rig.AskAsync("zhangwei", $"待复核")).Should().Contain($"编号 {wangfang} 王芳");

        (await rig.AskAsync("zhangwei", $"通过 {wangfang}")).Should().Be($"已通过编号 {wangfang} 的打卡（王芳），当天考勤已重新计算，已通知本人。");
        (await rig.AskAsync("zhangwei", $"通过 {wangfang}")).Should().Be("这条打卡已经处理过了（已通过），本次操作无效。");
        (await rig.AskAsync("zhangwei", "待复核")).Should().Be("没有等您复核的打卡。");
        await rig.NextAsync("wangfang", employeeBefore, m => BotRig.TextOf(m).Contains("已通过复核", StringComparison.Ordinal));

        var before = rig.To("xiaoming").Count;
        (await rig.AskAsync("lina", $"驳回 {xiaoming}")).Should().Contain("驳回须写明原因");
        (await rig.AskAsync("lina", $"驳回 {xiaoming} 代打卡")).Should().Be($"已驳回编号 {xiaoming} 的打卡（小明），已通知本人。");
        var told = await rig.NextAsync("xiaoming", before, m => BotRig.TextOf(m).Contains("未通过复核", StringComparison.Ordinal));
        BotRig.TextOf(told).Should().Contain("原因：代打卡").And.Contain("复核人：李娜");

        // A click on the card after a decision by text says so and turns its buttons into the decision that stands.
        var taskId = (await ReviewPunches.CardAsync(rig, "lina", xiaoming)).GetProperty("template_card").GetProperty("task_id").GetString()!;
        (await ClickAsync(rig, "lina", taskId, "approve", "rc-late")).Should().Be("这条打卡已经处理过了（已驳回），本次操作无效。");
        var update = await rig.WeCom.WaitForMessageAsync(m => m.Api == UpdateApi, TimeSpan.FromSeconds(20));
        ((string?)JsonNode.Parse(update.Json)!["button"]!["replace_name"]).Should().Be("已驳回");

        var audit = await rig.AuditAsync("user:zhangwei");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "bot.reviews");
        rig.WeCom.Refusals.Should().BeEmpty();
    }

    [Fact]
    public async Task Clicks_out_of_scope_by_the_employee_or_from_another_app_change_nothing()
    {
        await using var rig = await ReviewPunches.StartAsync();
        var day = await ReviewPunches.ShiftEndingNowAsync(rig, "wangfang");
        var id = await ReviewPunches.PunchAsync(rig, "wangfang");
        var taskId = (await ReviewPunches.CardAsync(rig, "zhangwei", id)).GetProperty("template_card").GetProperty("task_id").GetString()!;
        var employeeBefore = rig.To("wangfang").Count;

        (await ClickAsync(rig, "lina", taskId, "approve", "rc-lina")).Should().StartWith("无权限");
        (await ClickAsync(rig, "liuyang", taskId, "approve", "rc-liuyang")).Should().StartWith("无权限");
        (await ClickAsync(rig, "wangfang", taskId, "approve", "rc-self")).Should().StartWith("无权限").And.Contain("自己");
        (await ClickAsync(rig, "lina", taskId, "reject", "rc-lina-2", DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1)).Should().StartWith("无权限");
        (await rig.AskAsync("lina", "定位是假的")).Should().StartWith("没看懂", "a refused 驳回 opens no prompt");
        (await ClickAsync(rig, "zhangwei", $"review-{id}", "approve", "rc-bare")).Should().Contain("无法识别");

        // A click naming another AgentID is ignored; a text from the same sender afterwards is answered in order.
        var foreign = rig.WeCom.Callbacks.TemplateCardEvent("zhangwei", taskId, "approve", "rc-foreign")
            .Replace($"<AgentID>{rig.WeCom.AgentId}</AgentID>", "<AgentID>9999999</AgentID>", StringComparison.Ordinal);
        var leaderBefore = rig.To("zhangwei").Count;
        (await rig.PostAsync(foreign)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await rig.AskAsync("zhangwei", "帮助")).Should().Contain("待复核");
        rig.To("zhangwei").Skip(leaderBefore).Should().ContainSingle();

        (await ReviewPunches.StatusAsync(rig, day, "wangfang")).Should().Be("pending_review");
        rig.WeCom.Messages.Should().NotContain(m => m.Api == UpdateApi);
        rig.To("wangfang").Skip(employeeBefore).Where(m => m.MsgType == "text").Select(BotRig.TextOf)
            .Should().OnlyContain(t => t.StartsWith("无权限", StringComparison.Ordinal), "the employee hears only their own refused click");
        (await rig.AskAsync("zhangwei", "待复核")).Should().Contain($"编号 {id} 王芳");
    }

    private static async Task<string> ClickAsync(BotRig rig, string user, string taskId, string eventKey, string responseCode, long? createTime = null)
    {
        var before = rig.To(user).Count;
        await rig.PostAsync(rig.WeCom.Callbacks.TemplateCardEvent(user, taskId, eventKey, responseCode, createTime));
        return BotRig.TextOf(await rig.NextAsync(user, before, m => m.MsgType == "text"));
    }
}
