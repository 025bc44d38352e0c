using Attendance.BotHost.Tests.Days;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Reviews;

/// <summary>
/// A flagged punch waits for a person (DESIGN §3, §7): the day is pending_review, never absent; supervisors in scope
/// and HR decide through the API, nobody decides their own; HR may change a decision; every look at a photo and every
/// decision is audited. On SQLite and PostgreSQL.
/// </summary>
public sealed class ReviewApiTests
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_flagged_check_in_holds_the_day_in_review_until_a_supervisor_decides_and_HR_may_change_it(DatabaseProvider provider)
    {
        TestDatabase.RequireOrSkip(provider);
        await using var host = await TestHost.StartAsync(provider, false, "--Security:DevLogin=true", "--Scheduling:Enabled=false");
        await SeedAsync(host);
        // 张伟 leads 总部 (and so 研发部 below it); 李娜 leads only 研发部; 陈静 is HR.
        await Ok(host, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部", leaderUserIds = new[] { "zhangwei" } });
        await Ok(host, HttpMethod.Put, "/api/admin/departments/3", new { name = "研发部", parentId = 1, leaderUserIds = new[] { "lina" } });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/chenjing", new { name = "陈静", departmentIds = new[] { 1 }, roles = new[] { "employee", "hr" } });
        Status(await DaysAsync(host), "liuyang").Should().Be("missing_in", "刘洋 only punched out on Monday");
        var before = await MonthlyAsync(host, "liuyang");

        // An accuracy of 0 is a suspicious fix: the rules send the punch to review, they do not decide it.
        var imported = await Ok(host, HttpMethod.Post, "/api/admin/punches/import", new
        {
            records = new object[]
            {
                Flagged("liuyang", "2026-10-12T08:58:00+08:00", "in"),
                Flagged("chenjing", "2026-10-12T18:03:00+08:00", "out"),
            },
        });
        imported.GetProperty("created").GetInt32().Should().Be(2, imported.ToString());
        Status(await DaysAsync(host), "liuyang").Should().Be("pending_review", "approving the check-in would make the day normal");
        var report = await MonthlyAsync(host, "liuyang");
        report.GetProperty("reviewDays").GetInt32().Should().Be(1);
        report.GetProperty("absentDays").GetInt32().Should().Be(before.GetProperty("absentDays").GetInt32(), "a day in review is never absent");
        report.GetProperty("missingPunches").GetInt32().Should().Be(before.GetProperty("missingPunches").GetInt32() - 1, "Monday's missing check-in waits for the decision");

        var zhangwei = await TokenAsync(host, "zhangwei");
        var lina = await TokenAsync(host, "lina");
        var liuyang = await TokenAsync(host, "liuyang");
        var chenjing = await TokenAsync(host, "chenjing");
        var queue = await ListAsync(host, zhangwei);
        var flagged = queue.Single(p => p.GetProperty("userId").GetString() == "liuyang");
        var id = flagged.GetProperty("punchId").GetInt64();
        flagged.GetProperty("review").GetProperty("state").GetString().Should().Be("pending");
        flagged.GetProperty("punch").GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).Should().Contain("SUSPICIOUS_FIX");
        queue.Select(p => p.GetProperty("userId").GetString()).Should().Contain("chenjing", "HR's own punches are reviewed by their leader too");
        (await ListAsync(host, lina)).Should().BeEmpty("刘洋 is not in 研发部");
        (await SendAsync(host, HttpMethod.Get, "/api/admin/punches", liuyang)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "刘洋 reviews nobody");

        // The employee explains once, before the decision.
        (await SendAsync(host, HttpMethod.Post, $"/api/me/punches/{id}/explanation", liuyang, new { text = "手机定位漂移，我在公司" })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SendAsync(host, HttpMethod.Post, $"/api/me/punches/{id}/explanation", liuyang, new { text = "再补充" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await SendAsync(host, HttpMethod.Post, $"/api/me/punches/{id}/explanation", zhangwei, new { text = "不是我的" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(host, HttpMethod.Post, $"/api/me/punches/{id}/explanation", liuyang, new { text = new string('长', 201) })).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // Out of scope, one's own punch, a rejection without a reason: refused, nothing changes.
        var own = queue.Single(p => p.GetProperty("userId").GetString() == "chenjing").GetProperty("punchId").GetInt64();
        (await DecideAsync(host, chenjing, own, true)).StatusCode.Should().Be(HttpStatusCode.Forbidden, "nobody decides their own punch, HR included");
        (await DecideAsync(host, lina, id, true)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await DecideAsync(host, zhangwei, id, false)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await DecideAsync(host, zhangwei, id, false, "定位\u0007异常")).StatusCode.Should().Be(HttpStatusCode.BadRequest, "no control character reaches storage or chat");
        Status(await DaysAsync(host), "liuyang").Should().Be("pending_review");

        var approved = await DecideAsync(host, zhangwei, id, true);
        approved.StatusCode.Should().Be(HttpStatusCode.OK, await approved.Content.ReadAsStringAsync());
        Status(await DaysAsync(host), "liuyang").Should().Be("normal");
        (await MonthlyAsync(host, "liuyang")).GetProperty("reviewDays").GetInt32().Should().Be(0);
        (await DecideAsync(host, zhangwei, id, false, "改主意")).StatusCode.Should().Be(HttpStatusCode.Conflict, "a supervisor's decision stands");
        var mine = await SendAsync(host, HttpMethod.Get, "/api/me/punches?date=2026-10-12", liuyang);
        var review = JsonDocument.Parse(await mine.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Single(p => p.GetProperty("punchId").GetInt64() == id).GetProperty("review");
        (review.GetProperty("state").GetString(), review.GetProperty("explanation").GetString()).Should().Be(("approved", "手机定位漂移，我在公司"));

        // HR changes it later, with a reason; the day follows, the employee is told both times, the audit has both.
        (await DecideAsync(host, chenjing, id, false)).StatusCode.Should().Be(HttpStatusCode.BadRequest, "a change needs a reason");
        (await DecideAsync(host, chenjing, id, false, "监控显示 9:40 才到")).StatusCode.Should().Be(HttpStatusCode.OK);
        Status(await DaysAsync(host), "liuyang").Should().Be("missing_in");
        var told = (await Ok(host, HttpMethod.Get, "/api/admin/outbox?limit=100")).EnumerateArray()
            .Where(r => r.GetProperty("target").GetString() == "liuyang").Select(r => r.GetProperty("payload").GetString()!).ToList();
        told.Should().Contain(p => p.Contains("已通过复核", StringComparison.Ordinal)).And.Contain(p => p.Contains("监控显示 9:40 才到", StringComparison.Ordinal));
        var audit = (await Ok(host, HttpMethod.Get, $"/api/admin/audit?entityType=punch&entityId={id}&limit=50")).EnumerateArray()
            .Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString())).ToList();
        audit.Should().Contain(("user:zhangwei", "punch.decide")).And.Contain(("user:chenjing", "punch.decision.change")).And.Contain(("user:liuyang", "punch.explain"));

        // The photo route: in scope but no photo is 404; out of scope is 403 and the attempt is audited.
        (await SendAsync(host, HttpMethod.Get, $"/api/admin/punches/{id}/photo", zhangwei)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await SendAsync(host, HttpMethod.Get, $"/api/admin/punches/{id}/photo", lina)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Ok(host, HttpMethod.Get, $"/api/admin/audit?actor=user:lina&limit=50")).EnumerateArray()
            .Select(a => a.GetProperty("action").GetString()).Should().Contain("punch.photo.refused");
    }

    [Fact]
    public async Task Nobody_approves_their_own_correction_through_the_admin_API_HR_included()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false, "--Security:DevLogin=true", "--Scheduling:Enabled=false");
        await SeedAsync(host);
        await Ok(host, HttpMethod.Put, "/api/admin/employees/chenjing", new { name = "陈静", departmentIds = new[] { 1 }, roles = new[] { "employee", "hr" } });
        var chenjing = await TokenAsync(host, "chenjing");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date.AddDays(-1);
        var asked = await SendAsync(host, HttpMethod.Post, "/api/me/corrections", chenjing,
            new { date = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), kind = "in", time = "08:50", reason = "忘记打卡" });
        asked.StatusCode.Should().Be(HttpStatusCode.Created, await asked.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await asked.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        var own = await SendAsync(host, HttpMethod.Post, $"/api/admin/corrections/{id}/decision", chenjing, new { approve = true });
        own.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await own.Content.ReadAsStringAsync()).Should().Contain("不能审批自己的补卡");
        (await host.AdminAsync(HttpMethod.Post, $"/api/admin/corrections/{id}/decision", new { approve = true })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>A kiosk record the rules flag: a fix with accuracy 0 is suspicious (SUSPICIOUS_FIX sends it to review).</summary>
    internal static object Flagged(string userId, string time, string kind) => new
    {
        userId, time, kind, source = "kiosk", deviceId = "kiosk-2",
        location = new { latitude = 31.2304, longitude = 121.4737, accuracy = 0, coordinateSystem = "gcj02" },
    };

    internal static async Task<string> TokenAsync(TestHost host, string userId)
    {
        var response = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId }));
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    internal static Task<HttpResponseMessage> SendAsync(TestHost host, HttpMethod method, string path, string token, object? body = null) =>
        host.Client.SendAsync(host.Request(method, path, body, token));

    private static Task<HttpResponseMessage> DecideAsync(TestHost host, string token, long id, bool approve, string? reason = null) =>
        SendAsync(host, HttpMethod.Post, $"/api/admin/punches/{id}/decision", token, new { approve, reason });

    private static async Task<List<JsonElement>> ListAsync(TestHost host, string token)
    {
        var response = await SendAsync(host, HttpMethod.Get, "/api/admin/punches?state=review", token);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    private static async Task<Dictionary<string, JsonElement>> DaysAsync(TestHost host) =>
        ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}"));

    private static string? Status(Dictionary<string, JsonElement> days, string userId) => days[userId].GetProperty("status").GetString();

    private static async Task<JsonElement> MonthlyAsync(TestHost host, string userId) =>
        (await Ok(host, HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=json")).GetProperty("employees").EnumerateArray()
        .Single(e => e.GetProperty("userId").GetString() == userId);
}
