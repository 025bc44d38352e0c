using Attendance.BotHost.AdminConsole;
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
    public async Task Without_a_map_key_the_console_frames_nothing_and_its_config_says_so()
    {
        using var page = await _host.Client.GetAsync("/admin/");
        page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which.Should().NotContain("frame-src");

        using var config = await _host.AdminAsync(HttpMethod.Get, "/api/admin/console/config");
        config.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await config.Content.ReadAsStringAsync()).RootElement;
        body.EnumerateObject().Should().BeEmpty("no map picker is configured, and absent values are left out");
        using var anonymous = await _host.Client.GetAsync("/api/admin/console/config");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
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

/// <summary>With <c>Console:TencentMapKey</c>: the console's CSP allows Tencent's location picker as a frame, and only that.</summary>
public sealed class AdminConsoleMapPickerTests : IAsyncLifetime
{
    private const string Key = "ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345";

    private TestHost _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false",
            "--Console:TencentMapKey=" + Key);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_policy_adds_the_pickers_frame_origin_and_the_config_gives_its_url()
    {
        foreach (var path in new[] { "/admin", "/admin/index.html" })
        {
            using var page = await _host.Client.GetAsync(path);
            page.Headers.GetValues("Content-Security-Policy").Should().ContainSingle()
                .Which.Should().Be(PunchPageFiles.ContentSecurityPolicy + "; frame-src https://mapapi.qq.com");
        }

        using var script = await _host.Client.GetAsync("/admin/sites.js");
        script.Headers.Contains("Content-Security-Policy").Should().BeFalse();
        using var punch = await _host.Client.GetAsync("/punch");
        punch.Headers.GetValues("Content-Security-Policy").Should().ContainSingle().Which.Should().NotContain("frame-src");

        using var config = await _host.AdminAsync(HttpMethod.Get, "/api/admin/console/config");
        var body = JsonDocument.Parse(await config.Content.ReadAsStringAsync()).RootElement;
        body.GetProperty("tencentMapKey").GetString().Should().Be(Key);
        body.GetProperty("mapPickerOrigin").GetString().Should().Be("https://mapapi.qq.com");
        body.GetProperty("mapPickerUrl").GetString().Should()
            .StartWith("https://mapapi.qq.com/web/mapComponents/locationPicker/v/index.html?").And.Contain("type=1").And.Contain("key=" + Key);
    }

    [Fact]
    public void A_key_that_cannot_be_one_stops_the_start()
    {
        new ConsoleOptions { TencentMapKey = "bad key&x=1" }.Validate().Should().ContainSingle().Which.Should().Contain("Console:TencentMapKey");
        new ConsoleOptions { TencentMapKey = Key }.Validate().Should().BeEmpty();
        new ConsoleOptions().Validate().Should().BeEmpty();
    }
}
