using Attendance.BotHost.PunchPage;

namespace Attendance.BotHost.Tests.AdminConsole;

/// <summary>The console's files over HTTP: embedded, served as the punch page's are, and nothing else under /admin.</summary>
public sealed class AdminConsoleFileTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false");

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_console_is_served_with_the_punch_pages_policy_and_revalidated()
    {
        using var page = await _host.Client.GetAsync("/admin");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which.Should().Be(PunchPageFiles.ContentSecurityPolicy);
        page.Headers.CacheControl!.NoCache.Should().BeTrue();
        (await page.Content.ReadAsStringAsync()).Should().Contain("考勤管理后台");

        using var script = await _host.Client.GetAsync("/admin/jobs.js");
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/admin/jobs.js");
        again.Headers.IfNoneMatch.Add(script.Headers.ETag!);
        using var unchanged = await _host.Client.SendAsync(again);
        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Anything_else_under_admin_is_404_and_the_punch_pages_files_are_not_served_there()
    {
        foreach (var path in new[] { "/admin/nope.js", "/admin/app.js", "/admin/review.html", "/admin/vendor/wecom-jssdk-2.4.4.js" })
        {
            using var answer = await _host.Client.GetAsync(path);
            answer.StatusCode.Should().Be(HttpStatusCode.NotFound, path);
        }
    }
}
