
namespace Attendance.BotHost.Tests.Security;

/// <summary>A session stops working on every /api/me route once the employee is deactivated or their sessions are revoked (issue 16, item 2).</summary>
public sealed class StaleSessionTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Security:DevLogin=true");
        await PutEmployee("stale1", active: true);
        await PutEmployee("stale2", active: true);
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_deactivated_employees_old_token_is_refused_on_every_me_route()
    {
        var token = await LoginAsync("stale1");
        (await Send(HttpMethod.Get, "/api/me/punches?date=2026-03-02", token)).Should().Be(HttpStatusCode.OK);

        await PutEmployee("stale1", active: false);

        (await Send(HttpMethod.Post, "/api/me/corrections", token, new { date = "2026-03-02", kind = "in", time = "09:00", reason = "忘记打卡" }))
            .Should().Be(HttpStatusCode.Forbidden);
        foreach (var path in new[] { "/api/me/days?from=2026-03-02&to=2026-03-03", "/api/me/punches?date=2026-03-02", "/api/me/corrections", "/api/me" })
        {
            (await Send(HttpMethod.Get, path, token)).Should().Be(HttpStatusCode.Forbidden, path);
        }

        var corrections = await _host.AdminAsync(HttpMethod.Get, "/api/admin/days?date=2026-03-02");
        corrections.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deactivation_revokes_so_reactivating_does_not_bring_old_tokens_back()
    {
        var old = await LoginAsync("stale2");
        await PutEmployee("stale2", active: false);
        await PutEmployee("stale2", active: true);

        (await Send(HttpMethod.Get, "/api/me", old)).Should().Be(HttpStatusCode.Unauthorized);
        var fresh = await LoginAsync("stale2");
        (await Send(HttpMethod.Get, "/api/me", fresh)).Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_sessions_ends_old_tokens_is_audited_and_a_new_login_works()
    {
        var old = await LoginAsync("stale2");
        (await Send(HttpMethod.Get, "/api/me", old)).Should().Be(HttpStatusCode.OK);

        using var revoke = await _host.AdminAsync(HttpMethod.Post, "/api/admin/employees/stale2/sessions/revoke");
        revoke.StatusCode.Should().Be(HttpStatusCode.OK, await revoke.Content.ReadAsStringAsync());

        (await Send(HttpMethod.Get, "/api/me", old)).Should().Be(HttpStatusCode.Unauthorized);
        (await Send(HttpMethod.Get, "/api/me/punches?date=2026-03-02", old)).Should().Be(HttpStatusCode.Unauthorized);
        (await Send(HttpMethod.Post, "/api/punches", old, new { clientPunchId = "after-revoke", kind = "in" })).Should().Be(HttpStatusCode.Unauthorized);

        var fresh = await LoginAsync("stale2");
        (await Send(HttpMethod.Get, "/api/me", fresh)).Should().Be(HttpStatusCode.OK);

        using var audit = await _host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityType=employee&entityId=stale2");
        (await audit.Content.ReadAsStringAsync()).Should().Contain("sessions.revoke");

        using var unknown = await _host.AdminAsync(HttpMethod.Post, "/api/admin/employees/nobody/sessions/revoke");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task PutEmployee(string userId, bool active)
    {
        using var response = await _host.AdminAsync(HttpMethod.Put, $"/api/admin/employees/{userId}", new
        {
            name = "员工" + userId, departmentIds = new[] { 1 }, directLeaderUserIds = Array.Empty<string>(), active, roles = new[] { "employee" },
        });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> LoginAsync(string userId)
    {
        using var login = await _host.Client.SendAsync(_host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId }));
        login.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private async Task<HttpStatusCode> Send(HttpMethod method, string path, string token, object? body = null)
    {
        using var response = await _host.Client.SendAsync(_host.Request(method, path, body, token));
        return response.StatusCode;
    }
}
