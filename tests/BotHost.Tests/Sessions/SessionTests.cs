using Attendance.BotHost.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests.Sessions;

/// <summary>Sign-in over real HTTP against the fake WeCom, and the session guards of /api/me and /api/admin.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private static readonly byte[] TestKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private WeComSimulator _wecom = null!;
    private TestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _wecom = await WeComSimulator.StartAsync();
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, _wecom.HostArgs());
        await Seed("wangfang", "王芳", active: true, "employee", "hr");
        await Seed("liuyang", "刘洋", active: true, "employee");
        await Seed("zhaolei", "赵磊", active: false, "employee");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task OAuth_code_gives_a_token_that_works_on_me()
    {
        _wecom.AddMemberCode("oauth-ok", "wangfang");
        var session = await Json(await Post("/api/sessions/oauth", new { code = "oauth-ok" }), HttpStatusCode.OK);
        session.GetProperty("userId").GetString().Should().Be("wangfang");
        var expiresAt = DateTimeOffset.Parse(session.GetProperty("expiresAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        (expiresAt - DateTimeOffset.UtcNow).Should().BeCloseTo(TimeSpan.FromHours(12), TimeSpan.FromHours(0.1));

        var me = await Json(await Get("/api/me", session.GetProperty("token").GetString()), HttpStatusCode.OK);
        me.GetProperty("name").GetString().Should().Be("王芳");
        me.GetProperty("departmentIds")[0].GetInt64().Should().Be(2);
        me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(["employee", "hr"]);
    }

    [Fact]
    public async Task Mini_program_code_gives_a_working_token()
    {
        _wecom.AddMemberCode("js-ok", "liuyang");
        var token = await Token("/api/sessions/miniprogram", "js-ok");
        var me = await Json(await Get("/api/me", token), HttpStatusCode.OK);
        me.GetProperty("userId").GetString().Should().Be("liuyang");
    }

    [Fact]
    public async Task An_invalid_or_reused_code_is_401_asking_for_a_new_one()
    {
        _wecom.AddMemberCode("once", "liuyang");
        await Token("/api/sessions/oauth", "once");
        var problem = await Json(await Post("/api/sessions/oauth", new { code = "once" }), HttpStatusCode.Unauthorized);
        problem.GetProperty("detail").GetString().Should().Contain("重新进入应用");
        await Json(await Post("/api/sessions/miniprogram", new { code = "never-issued" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_mini_program_code_of_another_corp_is_401_even_for_a_userid_we_know()
    {
        _wecom.AddMemberCode("foreign", "liuyang", corpId: "wwother0123456789");
        var problem = await Json(await Post("/api/sessions/miniprogram", new { code = "foreign" }), HttpStatusCode.Unauthorized);
        problem.GetProperty("title").GetString().Should().Be("The login code belongs to another corp.");
        problem.GetProperty("detail").GetString().Should().Contain("不属于本企业");
        problem.TryGetProperty("token", out _).Should().BeFalse();

        // Same corp id but for case: corp ids compare ordinally.
        _wecom.AddMemberCode("shouting", "liuyang", corpId: _wecom.CorpId.ToUpperInvariant());
        await Json(await Post("/api/sessions/miniprogram", new { code = "shouting" }), HttpStatusCode.Unauthorized);

        _wecom.AddMemberCode("ours", "liuyang", corpId: _wecom.CorpId);
        await Token("/api/sessions/miniprogram", "ours");
    }

    [Fact]
    public async Task A_code_is_spent_by_its_first_exchange_whichever_API_took_it()
    {
        _wecom.AddMemberCode("spent", "liuyang");
        await Token("/api/sessions/miniprogram", "spent");
        await Json(await Post("/api/sessions/oauth", new { code = "spent" }), HttpStatusCode.Unauthorized);
        await Json(await Post("/api/sessions/miniprogram", new { code = "spent" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_non_member_is_403()
    {
        _wecom.AddNonMemberCode("outsider", "o-abc123");
        var problem = await Json(await Post("/api/sessions/oauth", new { code = "outsider" }), HttpStatusCode.Forbidden);
        problem.GetProperty("detail").GetString().Should().Be("仅限企业成员使用");
    }

    [Fact]
    public async Task Unknown_and_inactive_employees_are_403_with_distinct_messages()
    {
        _wecom.AddMemberCode("ghost", "nobody");
        var unknown = await Json(await Post("/api/sessions/oauth", new { code = "ghost" }), HttpStatusCode.Forbidden);
        unknown.GetProperty("detail").GetString().Should().Contain("考勤名单");

        _wecom.AddMemberCode("gone", "zhaolei");
        var inactive = await Json(await Post("/api/sessions/miniprogram", new { code = "gone" }), HttpStatusCode.Forbidden);
        inactive.GetProperty("detail").GetString().Should().Contain("停用");
    }

    [Fact]
    public async Task Malformed_bodies_are_400_naming_the_field()
    {
        var missing = await Json(await Post("/api/sessions/oauth", new { }), HttpStatusCode.BadRequest);
        missing.GetProperty("errors").TryGetProperty("code", out _).Should().BeTrue();
        var tooLong = await Json(await Post("/api/sessions/oauth", new { code = new string('a', 513) }), HttpStatusCode.BadRequest);
        tooLong.GetProperty("errors").TryGetProperty("code", out _).Should().BeTrue();
        var control = await Json(await Post("/api/sessions/miniprogram", new { code = "ab\ncd" }), HttpStatusCode.BadRequest);
        control.GetProperty("errors").TryGetProperty("code", out _).Should().BeTrue();
        var broken = new StringContent("{\"code\": ", Encoding.UTF8, "application/json");
        await Json(await _host.Client.PostAsync(new Uri("/api/sessions/oauth", UriKind.Relative), broken), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Dev_login_is_404_unless_enabled()
    {
        var response = await Post("/api/sessions/dev", new { userId = "wangfang" });
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var missingRoute = await Post("/api/sessions/nothing-here", new { userId = "wangfang" });
        (response.Content.Headers.ContentType?.MediaType).Should().Be(missingRoute.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Dev_login_works_on_loopback_when_enabled_for_active_employees_only()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Security:DevLogin=true");
        await host.AdminAsync(HttpMethod.Put, "/api/admin/employees/wangfang", Employee("王芳", true, "employee"));
        await host.AdminAsync(HttpMethod.Put, "/api/admin/employees/zhaolei", Employee("赵磊", false, "employee"));
        var ok = await Json(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "wangfang" })), HttpStatusCode.OK);
        var me = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me", bearer: ok.GetProperty("token").GetString()));
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        await Json(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "zhaolei" })), HttpStatusCode.Forbidden);
        await Json(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "nobody" })), HttpStatusCode.Forbidden);
        await Json(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "张三" })), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Missing_forged_expired_and_foreign_tokens_are_401()
    {
        var missing = await Get("/api/me", null);
        await Json(missing, HttpStatusCode.Unauthorized);
        missing.Headers.WwwAuthenticate.Single().Scheme.Should().Be("Bearer");

        _wecom.AddMemberCode("forge", "liuyang");
        var forged = await Get("/api/me", SessionTokenTests.FlipLast(await Token("/api/sessions/oauth", "forge")));
        var forgedProblem = await Json(forged, HttpStatusCode.Unauthorized);
        forgedProblem.GetProperty("detail").GetString().Should().Contain("无效");
        forged.Headers.WwwAuthenticate.Single().Scheme.Should().Be("Bearer");

        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1));
        var expired = await Json(await Get("/api/me", new SessionTokens(TestKey, past).Issue("liuyang").Token), HttpStatusCode.Unauthorized);
        expired.GetProperty("detail").GetString().Should().Contain("过期");
        expired.GetProperty("title").GetString().Should().Contain("expired");

        var otherKey = new SessionTokens([.. Enumerable.Range(100, 32).Select(i => (byte)i)], TimeProvider.System).Issue("liuyang").Token;
        var foreign = await Json(await Get("/api/me", otherKey), HttpStatusCode.Unauthorized);
        foreign.GetProperty("detail").GetString().Should().Contain("重新登录");
    }

    [Fact]
    public async Task An_HR_session_may_use_the_admin_API_and_a_plain_employee_may_not()
    {
        _wecom.AddMemberCode("hr", "wangfang");
        var hr = await Get("/api/admin/sites", await Token("/api/sessions/oauth", "hr"));
        hr.StatusCode.Should().Be(HttpStatusCode.OK);

        _wecom.AddMemberCode("plain", "liuyang");
        await Json(await Get("/api/admin/sites", await Token("/api/sessions/oauth", "plain")), HttpStatusCode.Forbidden);

        var expired = new SessionTokens(TestKey, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1))).Issue("wangfang").Token;
        await Json(await Get("/api/admin/sites", expired), HttpStatusCode.Unauthorized);
        await Json(await Get("/api/admin/sites", "not-a-key-at-all-xxxxxxxxxxxx"), HttpStatusCode.Forbidden);
        (await _host.AdminAsync(HttpMethod.Get, "/api/admin/sites")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Login_with_WeCom_unconfigured_is_503()
    {
        await using var host = await TestHost.StartAsync();
        var response = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/oauth", new { code = "anything" }));
        await Json(response, HttpStatusCode.ServiceUnavailable);
    }

    private static object Employee(string name, bool active, params string[] roles) =>
        new { name, departmentIds = new[] { 2 }, directLeaderUserIds = Array.Empty<string>(), active, roles };

    private async Task Seed(string userId, string name, bool active, params string[] roles)
    {
        var response = await _host.AdminAsync(HttpMethod.Put, $"/api/admin/employees/{userId}", Employee(name, active, roles));
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private Task<HttpResponseMessage> Post(string path, object body) => _host.Client.SendAsync(_host.Request(HttpMethod.Post, path, body));

    private Task<HttpResponseMessage> Get(string path, string? bearer) => _host.Client.SendAsync(_host.Request(HttpMethod.Get, path, bearer: bearer));

    private async Task<string> Token(string path, string code) =>
        (await Json(await Post(path, new { code }), HttpStatusCode.OK)).GetProperty("token").GetString()!;

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        status.Should().Be(response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        if (status != HttpStatusCode.OK)
        {
            (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        }

        return JsonDocument.Parse(body).RootElement;
    }
}
