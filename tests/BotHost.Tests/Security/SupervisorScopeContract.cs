using System.Globalization;
using Attendance.BotHost.Tests.Days;
using static Attendance.BotHost.Tests.Days.SmallCompany;
using static Attendance.BotHost.Tests.Reviews.ReviewApiTests;

namespace Attendance.BotHost.Tests.Security;

/// <summary>
/// The scoped admin routes over real HTTP (issue 21: "HR and admins see everything; supervisors see their own scope,
/// read-only except for their decisions"). 李娜 leads 研发部 (小明) and is 王芳's direct leader; 陈静 is HR; 刘洋 leads nobody.
/// </summary>
public abstract class SupervisorScopeContract(DatabaseProvider provider) : IAsyncLifetime
{
    private const string NotConsole = "无权限：仅人事、管理员或主管可以使用管理后台";
    private TestHost? _host;

    private TestHost Host => _host ?? throw new InvalidOperationException("no database");

    public async ValueTask InitializeAsync()
    {
        if (TestDatabase.UnavailableReason(provider) is not null)
        {
            return;
        }

        _host = await TestHost.StartAsync(provider, false, "--Security:DevLogin=true", "--Scheduling:Enabled=false");
        await SeedAsync(_host);
        await Ok(_host, HttpMethod.Put, "/api/admin/departments/3", new { name = "研发部", parentId = 1, leaderUserIds = new[] { "lina" } });
        await Ok(_host, HttpMethod.Put, "/api/admin/employees/wangfang", new { name = "王芳", departmentIds = new[] { 1 }, directLeaderUserIds = new[] { "lina" } });
        await Ok(_host, HttpMethod.Put, "/api/admin/employees/chenjing", new { name = "陈静", departmentIds = new[] { 1 }, roles = new[] { "employee", "hr" } });
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task<JsonElement> AsAsync(string userId, HttpMethod method, string path, HttpStatusCode expected, object? body = null) =>
        await Expect(await SendAsync(Host, method, path, await TokenAsync(Host, userId), body), expected);

    private static List<string> Users(JsonElement rows, string property = "userId") =>
        [.. rows.EnumerateArray().Select(r => r.GetProperty(property).GetString()!).Distinct()];

    [Fact]
    public async Task The_session_says_who_is_signed_in_and_their_scope_and_refuses_a_plain_employee()
    {
        TestDatabase.RequireOrSkip(provider);
        var key = await Ok(Host, HttpMethod.Get, "/api/admin/session");
        (key.GetProperty("kind").GetString(), key.GetProperty("everyone").GetBoolean()).Should().Be(("key", true));
        key.GetProperty("actor").GetString().Should().StartWith("admin:");
        key.GetProperty("departments").GetArrayLength().Should().Be(3);

        var hr = await AsAsync("chenjing", HttpMethod.Get, "/api/admin/session", HttpStatusCode.OK);
        (hr.GetProperty("kind").GetString(), hr.GetProperty("userId").GetString(), hr.GetProperty("name").GetString()).Should().Be(("user", "chenjing", "陈静"));
        hr.GetProperty("everyone").GetBoolean().Should().BeTrue();
        hr.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain("hr");

        var lina = await AsAsync("lina", HttpMethod.Get, "/api/admin/session", HttpStatusCode.OK);
        lina.GetProperty("everyone").GetBoolean().Should().BeFalse();
        lina.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain("supervisor");
        lina.GetProperty("ledDepartmentIds").EnumerateArray().Select(d => d.GetInt64()).Should().Equal(3);
        lina.GetProperty("directReports").GetInt32().Should().Be(1);
        lina.GetProperty("departments").EnumerateArray().Select(d => d.GetProperty("name").GetString()).Should().Equal("研发部");

        var refused = await AsAsync("liuyang", HttpMethod.Get, "/api/admin/session", HttpStatusCode.Forbidden);
        refused.GetProperty("detail").GetString().Should().Be(NotConsole);
    }

    [Fact]
    public async Task A_supervisor_reads_days_and_the_report_of_their_scope_only_and_is_refused_anything_else()
    {
        TestDatabase.RequireOrSkip(provider);
        var days = await AsAsync("lina", HttpMethod.Get, $"/api/admin/days?date={Monday}", HttpStatusCode.OK);
        Users(days).Should().BeEquivalentTo(["lina", "xiaoming", "wangfang"], "研发部, a direct report and herself");
        Users(await Ok(Host, HttpMethod.Get, $"/api/admin/days?date={Monday}")).Should().Contain(["zhangwei", "hans", "xiaoming"], "HR sees everyone");
        Users(await AsAsync("lina", HttpMethod.Get, $"/api/admin/days?date={Monday}&departmentId=3", HttpStatusCode.OK)).Should().Equal("xiaoming");

        var range = await AsAsync("lina", HttpMethod.Get, "/api/admin/days?from=2026-10-10&to=2026-10-12&userId=xiaoming", HttpStatusCode.OK);
        range.EnumerateArray().Select(d => d.GetProperty("workDate").GetString()).Should().Equal("2026-10-10", "2026-10-11", "2026-10-12");
        var paged = await SendAsync(Host, HttpMethod.Get, "/api/admin/days?from=2026-10-10&to=2026-10-12&limit=2&offset=1", await TokenAsync(Host, "lina"));
        paged.Headers.GetValues("X-Total-Count").Single().Should().Be("9", "three people over three days");
        (await Expect(paged, HttpStatusCode.OK)).GetArrayLength().Should().Be(2);
        var precedence = await AsAsync("lina", HttpMethod.Get, $"/api/admin/days?date={Monday}&from=2026-10-01&to=2026-10-02&userId=xiaoming", HttpStatusCode.OK);
        precedence.EnumerateArray().Select(d => d.GetProperty("workDate").GetString()).Should().ContainSingle().Which.Should().Be(Monday, "date wins over from/to");
        (await AsAsync("lina", HttpMethod.Get, "/api/admin/days?from=2026-08-01&to=2026-10-12", HttpStatusCode.BadRequest))
            .GetProperty("errors").GetProperty("to").ToString().Should().Contain("62");

        (await AsAsync("lina", HttpMethod.Get, $"/api/admin/days?date={Monday}&departmentId=1", HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString().Should().Be("无权限：您只能查看自己负责的部门");
        (await AsAsync("lina", HttpMethod.Get, $"/api/admin/days?date={Monday}&userId=zhangwei", HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString().Should().Be("无权限：您只能查看自己团队成员的考勤");

        var report = await AsAsync("lina", HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10", HttpStatusCode.OK);
        Users(report.GetProperty("employees")).Should().BeEquivalentTo(["lina", "xiaoming", "wangfang"]);
        (await AsAsync("lina", HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&departmentId=2&format=xlsx", HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString().Should().Contain("无权限");
        var csv = await SendAsync(Host, HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&departmentId=3&format=csv", await TokenAsync(Host, "lina"));
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        var text = await csv.Content.ReadAsStringAsync();
        text.Should().Contain("小明").And.NotContain("张伟");

        // Read-only: every other admin route stays HR and admins'.
        (await AsAsync("lina", HttpMethod.Put, "/api/admin/sites/x", HttpStatusCode.Forbidden, new { name = "x" }))
            .GetProperty("detail").GetString().Should().Contain("仅限人事或管理员");
        await AsAsync("lina", HttpMethod.Get, "/api/admin/jobs", HttpStatusCode.Forbidden);
        await AsAsync("liuyang", HttpMethod.Get, $"/api/admin/days?date={Monday}", HttpStatusCode.Forbidden);

        var audit = await Ok(Host, HttpMethod.Get, "/api/admin/audit?actor=user:lina&limit=100");
        audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).Should().Contain(["days.read", "report.monthly"]);
    }

    [Fact]
    public async Task A_supervisor_decides_the_corrections_of_their_scope_and_no_other()
    {
        TestDatabase.RequireOrSkip(provider);
        var yesterday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date.AddDays(-1)
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var ids = new Dictionary<string, long>();
        foreach (var who in new[] { "xiaoming", "zhangwei", "lina" })
        {
            var asked = await AsAsync(who, HttpMethod.Post, "/api/me/corrections", HttpStatusCode.Created,
                new { date = yesterday, kind = "in", time = "08:50", reason = "忘记打卡" });
            ids[who] = asked.GetProperty("id").GetInt64();
        }

        var pending = await AsAsync("lina", HttpMethod.Get, "/api/admin/corrections", HttpStatusCode.OK);
        Users(pending).Should().Equal(["xiaoming"], "张伟 is outside her scope and her own request is not in her queue");
        var row = pending[0];
        (row.GetProperty("name").GetString(), row.GetProperty("departmentName").GetString(), row.GetProperty("mayDecide").GetBoolean())
            .Should().Be(("小明", "研发部", true));
        Users(await Ok(Host, HttpMethod.Get, "/api/admin/corrections?state=pending")).Should().BeEquivalentTo(["xiaoming", "zhangwei", "lina"]);
        (await AsAsync("lina", HttpMethod.Get, "/api/admin/corrections?departmentId=1", HttpStatusCode.Forbidden))
            .GetProperty("detail").GetString().Should().Be("无权限：您只能查看自己负责的部门");
        await AsAsync("lina", HttpMethod.Get, "/api/admin/corrections?state=maybe", HttpStatusCode.BadRequest);

        (await AsAsync("lina", HttpMethod.Post, $"/api/admin/corrections/{ids["zhangwei"]}/decision", HttpStatusCode.Forbidden, new { approve = true }))
            .GetProperty("detail").GetString().Should().Be("无权限：这条补卡申请不归您审批");
        (await AsAsync("lina", HttpMethod.Post, $"/api/admin/corrections/{ids["lina"]}/decision", HttpStatusCode.Forbidden, new { approve = true }))
            .GetProperty("detail").GetString().Should().Be("无权限：不能审批自己的补卡");
        var decided = await AsAsync("lina", HttpMethod.Post, $"/api/admin/corrections/{ids["xiaoming"]}/decision", HttpStatusCode.OK, new { approve = true });
        decided.GetProperty("state").GetString().Should().Be("approved");
        (await AsAsync("lina", HttpMethod.Post, $"/api/admin/corrections/{ids["xiaoming"]}/decision", HttpStatusCode.Conflict, new { approve = false }))
            .GetProperty("detail").GetString().Should().Contain("已通过");

        (await AsAsync("lina", HttpMethod.Get, "/api/admin/corrections", HttpStatusCode.OK)).GetArrayLength().Should().Be(0);
        var history = await AsAsync("lina", HttpMethod.Get, "/api/admin/corrections?state=all", HttpStatusCode.OK);
        history.EnumerateArray().Select(c => (c.GetProperty("userId").GetString(), c.GetProperty("state").GetString(), c.GetProperty("mayDecide").GetBoolean()))
            .Should().BeEquivalentTo([("xiaoming", "approved", false), ("lina", "pending", false)], "her own shows in history, never decidable");
        var audit = await Ok(Host, HttpMethod.Get, $"/api/admin/audit?entityType=correction&entityId={ids["xiaoming"]}");
        audit.EnumerateArray().Select(a => (a.GetProperty("actor").GetString(), a.GetProperty("action").GetString())).Should().Contain(("user:lina", "correction.approve"));
    }
}

public sealed class SqliteSupervisorScopeTests() : SupervisorScopeContract(DatabaseProvider.Sqlite);

public sealed class PostgresSupervisorScopeTests() : SupervisorScopeContract(DatabaseProvider.Postgres);
