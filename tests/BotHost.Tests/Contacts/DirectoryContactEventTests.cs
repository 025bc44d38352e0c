using Attendance.BotHost.Contacts;
using Attendance.BotHost.Tests.Bot;
using Attendance.BotHost.Tests.Punching;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Contacts;

/// <summary>
/// change_contact events sent as WeCom sends them (encrypted, signed, FromUserName sys) to /wecom/callback of the
/// real host; the member and department details come from the fake WeCom's user/get and department/list.
/// </summary>
public sealed class DirectoryContactEventTests : IAsyncLifetime
{
    private BotRig _rig = null!;

    private TestHost Host => _rig.Host;

    private WeComSimulator WeCom => _rig.WeCom;

    private SimulatedContactEvents Events => _rig.WeCom.ContactEvents;

    public async ValueTask InitializeAsync()
    {
        _rig = await BotRig.StartAsync();
        await Ok(Host, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" });
        await Ok(Host, HttpMethod.Put, "/api/admin/departments/3", new { name = "研发部", parentId = 1, digest = new { robotKey = "robot-key-3333-4444" } });
        await Ok(Host, HttpMethod.Put, "/api/admin/employees/wangfang", new { name = "王芳", departmentIds = new[] { 3 }, roles = new[] { "employee", "hr" } });
        WeCom.AddDepartment(new SimulatedDepartment(1, "总部", 0));
        WeCom.AddDepartment(new SimulatedDepartment(3, "研发部", 1));
    }

    public async ValueTask DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Create_user_fetches_the_member_and_stores_it_audited()
    {
        WeCom.AddUser(new SimulatedUser("xiaoli", "小丽", [3, 1], DirectLeaders: ["wangfang"]));
        await SendAsync(Events.CreateUser("xiaoli", [3, 1]));

        var xiaoli = await EventuallyAsync("/api/admin/employees/xiaoli", e => e.ValueKind == JsonValueKind.Object);
        xiaoli.GetProperty("name").GetString().Should().Be("小丽");
        xiaoli.GetProperty("mainDepartmentId").GetInt64().Should().Be(3);
        xiaoli.GetProperty("directLeaderUserIds")[0].GetString().Should().Be("wangfang");
        xiaoli.GetProperty("active").GetBoolean().Should().BeTrue();
        (await AuditAsync()).Should().Contain(("employee.create", "xiaoli"));
    }

    [Fact]
    public async Task Update_user_takes_name_and_departments_from_user_get_and_keeps_our_roles()
    {
        WeCom.AddUser(new SimulatedUser("wangfang", "王芳芳", [1]));
        await SendAsync(Events.UpdateUser("wangfang", [1]));

        var wang = await EventuallyAsync("/api/admin/employees/wangfang", e => e.GetProperty("name").GetString() == "王芳芳");
        wang.GetProperty("departmentIds")[0].GetInt64().Should().Be(1);
        wang.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain("hr");
        (await AuditAsync()).Should().Contain(("employee.update", "wangfang"));
    }

    [Fact]
    public async Task Update_user_to_disabled_makes_the_employee_inactive()
    {
        WeCom.AddUser(new SimulatedUser("wangfang", "王芳", [3], Status: 2));
        await SendAsync(Events.UpdateUser("wangfang", [3]));
        await EventuallyAsync("/api/admin/employees/wangfang", e => !e.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Delete_user_ends_a_session_obtained_before_it_at_once()
    {
        WeCom.AddMemberCode("before-delete", "wangfang");
        var session = await Ok(Host, HttpMethod.Post, "/api/sessions/oauth", new { code = "before-delete" });
        var token = session.GetProperty("token").GetString()!;
        var first = await PunchAsync(token, "p-before");
        first.IsSuccessStatusCode.Should().BeTrue($"{first.StatusCode}: {await first.Content.ReadAsStringAsync()}");

        WeCom.RemoveUser("wangfang");
        await SendAsync(Events.DeleteUser("wangfang"));
        var gone = await EventuallyAsync("/api/admin/employees/wangfang", e => !e.GetProperty("active").GetBoolean());
        DateOnly.Parse(gone.GetProperty("leftOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Should().Be(ShanghaiToday());

        var after = await PunchAsync(token, "p-after");
        after.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await AuditAsync()).Should().Contain(("employee.update", "wangfang"));
    }

    [Fact]
    public async Task A_renamed_userid_is_synced_with_the_old_roles_and_the_old_record_made_inactive()
    {
        WeCom.AddUser(new SimulatedUser("wangfang.new", "王芳", [3]));
        await SendAsync(Events.UpdateUser("wangfang", [3], newUserId: "wangfang.new"));

        var renamed = await EventuallyAsync("/api/admin/employees/wangfang.new", e => e.ValueKind == JsonValueKind.Object);
        renamed.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain("hr");
        var old = await EventuallyAsync("/api/admin/employees/wangfang", e => !e.GetProperty("active").GetBoolean());
        old.GetProperty("name").GetString().Should().Be("王芳");
    }

    [Fact]
    public async Task Create_and_update_party_fetch_the_department_and_keep_our_digest_settings()
    {
        WeCom.AddDepartment(new SimulatedDepartment(5, "市场部", 1, ["wangfang"]));
        await SendAsync(Events.CreateParty(5, "市场部", 1));
        var created = await EventuallyAsync("/api/admin/departments/5", e => e.ValueKind == JsonValueKind.Object);
        created.GetProperty("leaderUserIds")[0].GetString().Should().Be("wangfang");

        WeCom.AddDepartment(new SimulatedDepartment(3, "研发中心", 5));
        await SendAsync(Events.UpdateParty(3, "研发中心", 5));
        var updated = await EventuallyAsync("/api/admin/departments/3", e => e.GetProperty("name").GetString() == "研发中心");
        updated.GetProperty("parentId").GetInt64().Should().Be(5);
        updated.GetProperty("digest").GetProperty("robotKey").GetString().Should().Be("***4444");
        var audit = await AuditAsync();
        audit.Should().Contain(("department.create", "5"));
        audit.Should().Contain(("department.update", "3"));
    }

    [Fact]
    public async Task Delete_party_removes_an_empty_department_and_keeps_one_our_employees_still_name()
    {
        await Ok(Host, HttpMethod.Put, "/api/admin/departments/6", new { name = "临时项目组", parentId = 1 });
        WeCom.RemoveDepartment(3);
        await SendAsync(Events.DeleteParty(3));
        WeCom.RemoveDepartment(6);
        await SendAsync(Events.DeleteParty(6));

        await EventuallyAsync("/api/admin/departments/6", e => e.ValueKind == JsonValueKind.Undefined);
        (await AuditAsync()).Should().Contain(("department.delete", "6"));
        // wangfang still lists 研发部 (and WeCom sends her move separately): her history keeps its department.
        (await Host.AdminAsync(HttpMethod.Get, "/api/admin/departments/3")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await AuditAsync()).Should().NotContain(("department.delete", "3"));
    }

    [Fact]
    public async Task Malformed_unknown_and_invisible_events_are_dropped_and_later_events_still_run()
    {
        WeCom.AddDepartment(new SimulatedDepartment(9, "外包部", 1));
        WeCom.AddUser(new SimulatedUser("waibao", "外包", [9]));
        WeCom.AddUser(new SimulatedUser("xiaoli", "小丽", [3]));
        WeCom.SetVisibleRange([3]);

        await SendAsync(Events.Event("create_user", null, "<Department>1</Department>"));
        await SendAsync(Events.Event("create_user", null, "<UserID><![CDATA[张 三]]></UserID>"));
        await SendAsync(Events.Event("update_party", null, "<Id>abc</Id>"));
        await SendAsync(Events.Event("delete_party", null, "<Id>-4</Id>"));
        await SendAsync(Events.Event("update_tag", null, "<TagId>1</TagId><AddUserItems>wangfang</AddUserItems>"));
        await SendAsync(Events.Event("no_such_change", null, ""));
        await SendAsync(Events.CreateUser("waibao", [9]));
        await SendAsync(Events.CreateParty(9, "外包部", 1));
        // Contact events share one dispatcher lane (one sender, sys) and run in order: once this one is stored,
        // every event above has been handled.
        await SendAsync(Events.CreateUser("xiaoli", [3]));

        await EventuallyAsync("/api/admin/employees/xiaoli", e => e.ValueKind == JsonValueKind.Object);
        (await Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/waibao")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Host.AdminAsync(HttpMethod.Get, "/api/admin/departments/9")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await AuditAsync()).Select(a => a.EntityId).Distinct().Should().Equal(["xiaoli"]);
    }

    [Fact]
    public async Task Two_contact_events_in_one_second_both_run_and_a_redelivery_runs_once()
    {
        const long second = 1_700_000_000;
        WeCom.AddUser(new SimulatedUser("xiaoli", "小丽", [3]));
        WeCom.AddUser(new SimulatedUser("xiaozhang", "小张", [3]));
        WeCom.AddUser(new SimulatedUser("xiaozhao", "小赵", [3]));
        var createLi = Events.CreateUser("xiaoli", [3], createTime: second);

        await SendAsync(createLi);
        await SendAsync(Events.CreateUser("xiaozhang", [3], createTime: second));
        // WeCom's retry of the first event: the same content in a new envelope (new nonce and timestamp).
        await SendAsync(createLi);
        await SendAsync(Events.CreateUser("xiaozhao", [3], createTime: second + 1));

        await EventuallyAsync("/api/admin/employees/xiaozhao", e => e.ValueKind == JsonValueKind.Object);
        await EventuallyAsync("/api/admin/employees/xiaozhang", e => e.ValueKind == JsonValueKind.Object);
        await EventuallyAsync("/api/admin/employees/xiaoli", e => e.ValueKind == JsonValueKind.Object);
        // One user/get per event that ran: the redelivery did not.
        WeCom.CallCount("/cgi-bin/user/get").Should().Be(3);
    }

    private async Task SendAsync(string xml)
    {
        var response = await _rig.PostAsync(xml);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> PunchAsync(string token, string id) =>
        Host.Client.SendAsync(Host.Request(HttpMethod.Post, "/api/punches",
            PunchTestBed.Body(id, PunchTestBed.SiteLatitude, PunchTestBed.SiteLongitude), token));

    /// <summary>Asks an admin GET again until <paramref name="done"/> holds (Undefined stands for 404), or fails after 15 s.</summary>
    private async Task<JsonElement> EventuallyAsync(string path, Func<JsonElement, bool> done) =>
        (await Eventually.UntilAsync(async () =>
            {
                var response = await Host.AdminAsync(HttpMethod.Get, path);
                var text = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, Text: text, Value: response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(text).RootElement : default);
            }, r => r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound && done(r.Value), TimeSpan.FromSeconds(15),
            $"GET {path} matching", r => $"{(int)r.StatusCode}: {r.Text}")).Value;

    private async Task<List<(string Action, string EntityId)>> AuditAsync() =>
        [.. (await _rig.AuditAsync(ContactChangeHandler.Actor)).EnumerateArray()
            .Select(a => (a.GetProperty("action").GetString()!, a.GetProperty("entityId").GetString()!))];

    /// <summary>Today's work date in Shanghai: the work day ends at the 04:00 boundary, not at midnight.</summary>
    private static DateOnly ShanghaiToday() =>
        Rules.Schedule.WorkDates.ByBoundary(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), new TimeOnly(4, 0));
}
