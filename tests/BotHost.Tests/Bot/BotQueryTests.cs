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
        (await Rig.AskAsync(user, "帮助")).Should().Be(BotCommandParser.HelpText);
        (await Rig.AskAsync(user, "＠考勤助手　ｈｅｌｐ")).Should().Be(BotCommandParser.HelpText);
    }

    [Theory]
    [InlineData(Employee, "刘洋（liuyang）", "上班缺卡")]
    [InlineData(Supervisor, "李娜（lina）", "迟到 上班 09:06 下班 18:01 迟到6分钟")]
    [InlineData(Hr, "陈静（chenjing）", "下班缺卡 上班 08:55")]
    [InlineData(Admin, "赵磊（zhaolei）", "旷工")]
    public async Task My_attendance_shows_the_callers_own_day(string user, string header, string line)
    {
        var reply = await Rig.AskAsync(user, "我的考勤 2026-10-12");
        reply.Should().StartWith(header + " 2026-10-12（周一）");
        reply.Should().Contain(line);
    }

    [Fact]
    public async Task My_attendance_over_a_range_lists_each_day_and_totals()
    {
        var reply = await Rig.AskAsync("wangfang", "me 2026-10-10至2026-10-12");
        reply.Should().Contain("10-10 周六");
        reply.Should().Contain("10-11 周日 休息");
        reply.Should().Contain("10-12 周一 早退 上班 08:50 下班 17:30 早退30分钟");
        reply.Should().Contain("合计：");
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
            reply.Should().Contain("王芳（wangfang） 2026-10-12（周一）");
            reply.Should().Contain("早退30分钟");
            audit.EnumerateArray().Should().Contain(a => Is(a, "bot.query", "employee", "wangfang"));
        }
        else
        {
            reply.Should().Be("无权限");
            audit.EnumerateArray().Should().Contain(a => Is(a, "bot.query.denied", "employee", "wangfang"));
            audit.EnumerateArray().Should().NotContain(a => Is(a, "bot.query", "employee", "wangfang"));
        }
    }

    [Fact]
    public async Task Unknown_people_are_a_refusal_unless_the_caller_sees_everyone()
    {
        (await Rig.AskAsync(Employee, "查 不存在的人")).Should().Be("无权限");
        (await Rig.AskAsync(Supervisor, "查 nosuchuser")).Should().Be("无权限");
        (await Rig.AskAsync(Hr, "查 不存在的人")).Should().Contain("没有找到「不存在的人」");
    }

    [Fact]
    public async Task Two_people_with_the_same_name_are_listed_with_departments_for_a_userid()
    {
        var reply = await Rig.AskAsync(Hr, "查 张伟 2026-10-12");
        reply.Should().Contain("有 2 位同名的「张伟」");
        reply.Should().Contain("张伟（账号 zhangwei，总部）");
        reply.Should().Contain("张伟（账号 zhangwei2，研发部）");

        // The supervisor of 研发部 sees only one of them: answered directly, the other never mentioned.
        var scoped = await Rig.AskAsync(Supervisor, "查 张伟 2026-10-12");
        scoped.Should().StartWith("张伟（zhangwei2）");
        scoped.Should().NotContain("zhangwei（");

        var byId = await Rig.AskAsync(Hr, "查 zhangwei 2026-10-12");
        byId.Should().StartWith("张伟（zhangwei） 2026-10-12（周一）");
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
            reply.Should().StartWith("研发部 2026-10-12（周一） 到岗情况\n应到 2 · 已到 1 · 迟到 0 · 缺卡 0 · 旷工 1 · 请假 0");
            reply.Should().Contain("旷工：张伟");
            audit.EnumerateArray().Should().Contain(a => Is(a, "bot.department", "department", "3"));
        }
        else
        {
            reply.Should().Be("无权限");
        }
    }

    [Fact]
    public async Task Roll_call_of_the_whole_head_office_counts_late_missing_absent_and_leave()
    {
        var reply = await Rig.AskAsync(Hr, "dept 总部 2026-10-12");
        reply.Should().Contain("迟到：李娜 6分钟");
        reply.Should().Contain("缺卡：");
        reply.Should().Contain("刘洋（上班缺卡）");
        reply.Should().Contain("请假：周杰");
        reply.Should().Contain("赵磊");
    }

    [Fact]
    public async Task Anomalies_cover_exactly_the_callers_scope()
    {
        var own = await Rig.AskAsync(Employee, "异常 2026-10-12");
        own.Should().Contain("刘洋");
        own.Should().NotContain("李娜");
        ( await Rig.AuditAsync("user:" + Employee)).EnumerateArray().Should().NotContain(a => a.GetProperty("action").GetString() == "bot.anomalies");

        var team = await Rig.AskAsync(Supervisor, "异常 2026-10-12");
        team.Should().Contain("您管理的范围内");
        team.Should().Contain("张伟 旷工");
        team.Should().NotContain("刘洋");
        team.Should().NotContain("王芳");
        (await Rig.AuditAsync("user:" + Supervisor)).EnumerateArray().Should().Contain(a => Is(a, "bot.anomalies", "scope", "3"));

        var direct = await Rig.AskAsync(DirectLeader, "异常 2026-10-12");
        direct.Should().Contain("王芳 早退");
        direct.Should().NotContain("刘洋");

        var all = await Rig.AskAsync(Hr, "异常 2026-10-12");
        all.Should().Contain("全公司");
        all.Should().Contain("刘洋");
        all.Should().Contain("李娜");
        (await Rig.AskAsync(Admin, "异常 2026-10-12")).Should().Contain("王芳");
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
        parts.Count.Should().BeGreaterThanOrEqualTo(2, $"expected several parts, got {parts.Count}");
        parts.Should().AllSatisfy(p => Encoding.UTF8.GetByteCount(p).Should().BeInRange(1, ChatReplies.TextMaxBytes));
        Lines().Skip(1).Should().AllSatisfy(line => line.Should().MatchRegex(@"^(10-\d\d \S+ \S|……另有)"));
        Lines().Count.Should().Be(expectedLines);

        List<string> Lines() => [.. Rig.To(Hr).Skip(before).SelectMany(m => BotRig.TextOf(m).Split('\n'))];
    }

    [Fact]
    public async Task Unknown_and_departed_callers_are_refused_and_non_commands_get_a_pointer_to_help()
    {
        (await Rig.AskAsync("stranger", "我的考勤")).Should().Contain("不在考勤名单中");
        (await Rig.AskAsync("xuqing", "查 王芳")).Should().Contain("不在考勤名单中");
        (await Rig.AskAsync(Employee, "今天天气怎么样")).Should().Contain("帮助");
        (await Rig.AskAsync(Employee, "我的考勤 明年某天")).Should().Contain("看不懂这个日期");
    }

    [Theory]
    [InlineData(Employee)]
    [InlineData(Supervisor)]
    [InlineData(Hr)]
    [InlineData(Admin)]
    public async Task Pending_and_corrections_without_an_approver_answer_every_role(string user)
    {
        (await Rig.AskAsync(user, "待审批")).Should().Be("没有等您审批的补卡。");
        // Nobody leads 总部 and these people have no direct leader: nothing is stored, the allowance is untouched.
        (await Rig.AskAsync(user, "补卡 昨天 上班 08:55 忘记打卡")).Should().Contain("没有找到您的审批人");
        (await Rig.Host.Services.GetRequiredService<Data.Schedule.CorrectionRepository>().ListForUserAsync(user)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_message_for_another_app_is_ignored()
    {
        var before = Rig.To(Employee).Count;
        var xml = Rig.WeCom.Callbacks.TextMessage(Employee, "帮助").Replace($"<AgentID>{Rig.WeCom.AgentId}</AgentID>", "<AgentID>999</AgentID>", StringComparison.Ordinal);
        await Rig.PostAsync(xml);
        await Rig.AskAsync(Employee, "我的考勤 2026-10-12");
        Rig.To(Employee).Count.Should().Be(before + 1);
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
        Rig.To(Employee).Count.Should().Be(before + 2);

        // The reply went through the outbox, keyed by the callback's MsgId.
        var outbox = await Days.SmallCompany.Ok(Rig.Host, HttpMethod.Get, "/api/admin/outbox?state=sent&limit=500");
        var row = outbox.EnumerateArray().Should().ContainSingle(r => r.GetProperty("dedupeKey").GetString()!.Contains("7400000000000000001", StringComparison.Ordinal)).Which;
        row.GetProperty("dedupeKey").GetString().Should().Be($"bot:{Rig.WeCom.AgentId}:7400000000000000001:1");
        row.GetProperty("channel").GetString().Should().Be("app");
        row.GetProperty("target").GetString().Should().Be(Employee);
    }

    private static bool Is(JsonElement audit, string action, string entityType, string entityId) =>
        audit.GetProperty("action").GetString() == action && audit.GetProperty("entityType").GetString() == entityType
        && audit.GetProperty("entityId").GetString() == entityId;
}
