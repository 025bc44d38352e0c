using System.Text;
using System.Text.Json;
using Attendance.Rules.Commands;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>One seeded company shared by the query tests (each test reads; none changes what the others read).</summary>
public sealed class BotCompanyFixture : IAsyncLifetime
{
    internal BotRig Rig { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Rig = await BotRig.StartAsync();
        await Rig.SeedAsync();
    }

    public async ValueTask DisposeAsync() => await Rig.DisposeAsync();
}

/// <summary>我的考勤, 查, 部门, 异常 and 帮助 for each role, through encrypted callbacks, with refusals and audit rows.</summary>
public sealed class BotQueryTests(BotCompanyFixture fixture) : IClassFixture<BotCompanyFixture>
{
    private const string Employee = "liuyang";
    private const string Supervisor = "lina";
    private const string DirectLeader = "zhangwei";
    private const string Hr = "chenjing";
    private const string Admin = "zhaolei";

    private BotRig Rig => fixture.Rig;

    [Theory]
    [InlineData(Employee)]
    [InlineData(Supervisor)]
    [InlineData(Hr)]
    [InlineData(Admin)]
    [InlineData("nobody")]
    public async Task Help_lists_the_commands_for_everyone(string user)
    {
        Assert.Equal(BotCommandParser.HelpText, await Rig.AskAsync(user, "帮助"));
        Assert.Equal(BotCommandParser.HelpText, await Rig.AskAsync(user, "＠考勤助手　ｈｅｌｐ"));
    }

    [Theory]
    [InlineData(Employee, "刘洋（liuyang）", "上班缺卡")]
    [InlineData(Supervisor, "李娜（lina）", "迟到 上班 09:06 下班 18:01 迟到6分钟")]
    [InlineData(Hr, "陈静（chenjing）", "下班缺卡 上班 08:55")]
    [InlineData(Admin, "赵磊（zhaolei）", "旷工")]
    public async Task My_attendance_shows_the_callers_own_day(string user, string header, string line)
    {
        var reply = await Rig.AskAsync(user, "我的考勤 2026-10-12");
        Assert.StartsWith(header + " 2026-10-12（周一）", reply, StringComparison.Ordinal);
        Assert.Contains(line, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_attendance_over_a_range_lists_each_day_and_totals()
    {
        var reply = await Rig.AskAsync("wangfang", "me 2026-10-10至2026-10-12");
        Assert.Contains("10-10 周六", reply, StringComparison.Ordinal);
        Assert.Contains("10-11 周日 休息", reply, StringComparison.Ordinal);
        Assert.Contains("10-12 周一 早退 上班 08:50 下班 17:30 早退30分钟", reply, StringComparison.Ordinal);
        Assert.Contains("合计：", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Employee, false)]
    [InlineData(Supervisor, false)]
    [InlineData(DirectLeader, true)]
    [InlineData(Hr, true)]
    [InlineData(Admin, true)]
    public async Task Query_a_person_is_answered_only_within_scope_and_audited(string user, bool allowed)
    {
        var reply = await Rig.AskAsync(user, "查 王芳 2026-10-12");
        var audit = await Rig.AuditAsync("user:" + user);
        if (allowed)
        {
            Assert.Contains("王芳（wangfang） 2026-10-12（周一）", reply, StringComparison.Ordinal);
            Assert.Contains("早退30分钟", reply, StringComparison.Ordinal);
            Assert.Contains(audit.EnumerateArray(), a => Is(a, "bot.query", "employee", "wangfang"));
        }
        else
        {
            Assert.Equal("无权限", reply);
            Assert.Contains(audit.EnumerateArray(), a => Is(a, "bot.query.denied", "employee", "wangfang"));
            Assert.DoesNotContain(audit.EnumerateArray(), a => Is(a, "bot.query", "employee", "wangfang"));
        }
    }

    [Fact]
    public async Task Unknown_people_are_a_refusal_unless_the_caller_sees_everyone()
    {
        Assert.Equal("无权限", await Rig.AskAsync(Employee, "查 不存在的人"));
        Assert.Equal("无权限", await Rig.AskAsync(Supervisor, "查 nosuchuser"));
        Assert.Contains("没有找到「不存在的人」", await Rig.AskAsync(Hr, "查 不存在的人"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_people_with_the_same_name_are_listed_with_departments_for_a_userid()
    {
        var reply = await Rig.AskAsync(Hr, "查 张伟 2026-10-12");
        Assert.Contains("有 2 位同名的「张伟」", reply, StringComparison.Ordinal);
        Assert.Contains("张伟（账号 zhangwei，总部）", reply, StringComparison.Ordinal);
        Assert.Contains("张伟（账号 zhangwei2，研发部）", reply, StringComparison.Ordinal);

        // The supervisor of 研发部 sees only one of them: answered directly, the other never mentioned.
        var scoped = await Rig.AskAsync(Supervisor, "查 张伟 2026-10-12");
        Assert.StartsWith("张伟（zhangwei2）", scoped, StringComparison.Ordinal);
        Assert.DoesNotContain("zhangwei（", scoped, StringComparison.Ordinal);

        var byId = await Rig.AskAsync(Hr, "查 zhangwei 2026-10-12");
        Assert.StartsWith("张伟（zhangwei） 2026-10-12（周一）", byId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Employee, "研发部", false)]
    [InlineData(Supervisor, "研发部", true)]
    [InlineData(Supervisor, "总部", false)]
    [InlineData(DirectLeader, "研发部", false)]
    [InlineData(Hr, "研发部", true)]
    [InlineData(Admin, "研发部", true)]
    public async Task Department_roll_call_is_for_leaders_and_HR(string user, string department, bool allowed)
    {
        var reply = await Rig.AskAsync(user, $"部门 {department} 2026-10-12");
        var audit = await Rig.AuditAsync("user:" + user);
        if (allowed)
        {
            Assert.StartsWith("研发部 2026-10-12（周一） 到岗情况\n应到 2 · 已到 1 · 迟到 0 · 缺卡 0 · 旷工 1 · 请假 0", reply, StringComparison.Ordinal);
            Assert.Contains("旷工：张伟", reply, StringComparison.Ordinal);
            Assert.Contains(audit.EnumerateArray(), a => Is(a, "bot.department", "department", "3"));
        }
        else
        {
            Assert.Equal("无权限", reply);
        }
    }

    [Fact]
    public async Task Roll_call_of_the_whole_head_office_counts_late_missing_absent_and_leave()
    {
        var reply = await Rig.AskAsync(Hr, "dept 总部 2026-10-12");
        Assert.Contains("迟到：李娜 6分钟", reply, StringComparison.Ordinal);
        Assert.Contains("缺卡：", reply, StringComparison.Ordinal);
        Assert.Contains("刘洋（上班缺卡）", reply, StringComparison.Ordinal);
        Assert.Contains("请假：周杰", reply, StringComparison.Ordinal);
        Assert.Contains("赵磊", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anomalies_cover_exactly_the_callers_scope()
    {
        var own = await Rig.AskAsync(Employee, "异常 2026-10-12");
        Assert.Contains("刘洋", own, StringComparison.Ordinal);
        Assert.DoesNotContain("李娜", own, StringComparison.Ordinal);
        Assert.DoesNotContain(( await Rig.AuditAsync("user:" + Employee)).EnumerateArray(), a => a.GetProperty("action").GetString() == "bot.anomalies");

        var team = await Rig.AskAsync(Supervisor, "异常 2026-10-12");
        Assert.Contains("您管理的范围内", team, StringComparison.Ordinal);
        Assert.Contains("张伟 旷工", team, StringComparison.Ordinal);
        Assert.DoesNotContain("刘洋", team, StringComparison.Ordinal);
        Assert.DoesNotContain("王芳", team, StringComparison.Ordinal);
        Assert.Contains((await Rig.AuditAsync("user:" + Supervisor)).EnumerateArray(), a => Is(a, "bot.anomalies", "scope", "3"));

        var direct = await Rig.AskAsync(DirectLeader, "异常 2026-10-12");
        Assert.Contains("王芳 早退", direct, StringComparison.Ordinal);
        Assert.DoesNotContain("刘洋", direct, StringComparison.Ordinal);

        var all = await Rig.AskAsync(Hr, "异常 2026-10-12");
        Assert.Contains("全公司", all, StringComparison.Ordinal);
        Assert.Contains("刘洋", all, StringComparison.Ordinal);
        Assert.Contains("李娜", all, StringComparison.Ordinal);
        Assert.Contains("王芳", await Rig.AskAsync(Admin, "异常 2026-10-12"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_reply_is_split_at_line_boundaries_within_2048_bytes()
    {
        var before = Rig.To(Hr).Count;
        await Rig.PostAsync(Rig.WeCom.Callbacks.TextMessage(Hr, "异常 2026-10-01至2026-10-31"));
        var first = await Rig.NextAsync(Hr, before, m => BotRig.TextOf(m).Contains("2026-10-01 至 2026-10-31", StringComparison.Ordinal));
        var header = BotRig.TextOf(first);
        var total = int.Parse(header.Split("共 ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var expectedLines = Math.Min(total, 300) + 1 + (total > 300 ? 1 : 0);
        await Rig.WeCom.WaitForMessageAsync(_ => Lines().Count >= expectedLines, TimeSpan.FromSeconds(20));
        var parts = Rig.To(Hr).Skip(before).Select(BotRig.TextOf).ToList();
        Assert.True(parts.Count >= 2, $"expected several parts, got {parts.Count}");
        Assert.All(parts, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, ChatReplies.TextMaxBytes));
        Assert.All(Lines().Skip(1), line => Assert.Matches(@"^(10-\d\d \S+ \S|……另有)", line));
        Assert.Equal(expectedLines, Lines().Count);

        List<string> Lines() => [.. Rig.To(Hr).Skip(before).SelectMany(m => BotRig.TextOf(m).Split('\n'))];
    }

    [Fact]
    public async Task Unknown_and_departed_callers_are_refused_and_non_commands_get_a_pointer_to_help()
    {
        Assert.Contains("不在考勤名单中", await Rig.AskAsync("stranger", "我的考勤"), StringComparison.Ordinal);
        Assert.Contains("不在考勤名单中", await Rig.AskAsync("xuqing", "查 王芳"), StringComparison.Ordinal);
        Assert.Contains("帮助", await Rig.AskAsync(Employee, "今天天气怎么样"), StringComparison.Ordinal);
        Assert.Contains("看不懂这个日期", await Rig.AskAsync(Employee, "我的考勤 明年某天"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Employee)]
    [InlineData(Supervisor)]
    [InlineData(Hr)]
    [InlineData(Admin)]
    public async Task Pending_and_corrections_without_an_approver_answer_every_role(string user)
    {
        Assert.Equal("没有等您审批的补卡。", await Rig.AskAsync(user, "待审批"));
        // Nobody leads 总部 and these people have no direct leader: nothing is stored, the allowance is untouched.
        Assert.Contains("没有找到您的审批人", await Rig.AskAsync(user, "补卡 昨天 上班 08:55 忘记打卡"), StringComparison.Ordinal);
        Assert.Empty(await Rig.Host.Services.GetRequiredService<Data.Schedule.CorrectionRepository>().ListForUserAsync(user));
    }

    [Fact]
    public async Task A_message_for_another_app_is_ignored()
    {
        var before = Rig.To(Employee).Count;
        var xml = Rig.WeCom.Callbacks.TextMessage(Employee, "帮助").Replace($"<AgentID>{Rig.WeCom.AgentId}</AgentID>", "<AgentID>999</AgentID>", StringComparison.Ordinal);
        await Rig.PostAsync(xml);
        await Rig.AskAsync(Employee, "我的考勤 2026-10-12");
        Assert.Equal(before + 1, Rig.To(Employee).Count);
    }

    [Fact]
    public async Task A_redelivered_message_is_answered_once()
    {
        var before = Rig.To(Employee).Count;
        var xml = Rig.WeCom.Callbacks.TextMessage(Employee, "我的考勤 2026-10-12", msgId: "7400000000000000001");
        for (var i = 0; i < 3; i++)
        {
            await Rig.PostAsync(xml);
        }

        await Rig.WeCom.WaitForMessageAsync(_ => Rig.To(Employee).Count > before, TimeSpan.FromSeconds(20));
        // A later message's reply arriving proves the retries were fully processed (the dispatcher runs in order).
        await Rig.AskAsync(Employee, "帮助");
        Assert.Equal(before + 2, Rig.To(Employee).Count);

        // The reply went through the outbox, keyed by the callback's MsgId.
        var outbox = await Schedule.SmallCompany.Ok(Rig.Host, HttpMethod.Get, "/api/admin/outbox?state=sent&limit=500");
        var row = Assert.Single(outbox.EnumerateArray(), r => r.GetProperty("dedupeKey").GetString()!.Contains("7400000000000000001", StringComparison.Ordinal));
        Assert.Equal($"bot:{Rig.WeCom.AgentId}:7400000000000000001:1", row.GetProperty("dedupeKey").GetString());
        Assert.Equal("app", row.GetProperty("channel").GetString());
        Assert.Equal(Employee, row.GetProperty("target").GetString());
    }

    private static bool Is(JsonElement audit, string action, string entityType, string entityId) =>
        audit.GetProperty("action").GetString() == action && audit.GetProperty("entityType").GetString() == entityType
        && audit.GetProperty("entityId").GetString() == entityId;
}
