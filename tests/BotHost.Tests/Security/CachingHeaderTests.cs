
namespace Attendance.BotHost.Tests.Security;

/// <summary>Personal data is never stored by a browser or proxy cache, nor sniffed into another type (issue 16, item 11).</summary>
public sealed class CachingHeaderTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Security:DevLogin=true");

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Me_admin_and_export_answers_say_no_store_and_nosniff()
    {
        (await _host.AdminAsync(HttpMethod.Put, "/api/admin/employees/cache1", new
        {
            name = "缓存", departmentIds = new[] { 1 }, directLeaderUserIds = Array.Empty<string>(), active = true, roles = new[] { "employee" },
        })).EnsureSuccessStatusCode();
        using var login = await _host.Client.SendAsync(_host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "cache1" }));
        var token = System.Text.Json.JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        Check(login);

        foreach (var path in new[] { "/api/me", "/api/me/days?from=2026-03-02&to=2026-03-03", "/api/me/punches?date=2026-03-02" })
        {
            using var me = await _host.Client.SendAsync(_host.Request(HttpMethod.Get, path, bearer: token));
            me.StatusCode.Should().Be(HttpStatusCode.OK, path);
            Check(me);
        }

        foreach (var path in new[] { "/api/admin/employees/cache1", "/api/admin/reports/monthly?month=2026-03&format=csv", "/api/admin/employees/cache1/personal-data" })
        {
            using var admin = await _host.AdminAsync(HttpMethod.Get, path);
            admin.StatusCode.Should().Be(HttpStatusCode.OK, path);
            Check(admin);
        }

        // Refusals too: a 401 must not be cached in place of the next good answer.
        using var refused = await _host.Client.GetAsync(new Uri("/api/me", UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Check(refused);
    }

    private static void Check(HttpResponseMessage response)
    {
        response.Headers.CacheControl.Should().NotBeNull(response.RequestMessage!.RequestUri!.ToString());
        response.Headers.CacheControl!.NoStore.Should().BeTrue(response.RequestMessage!.RequestUri!.ToString());
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }
}
