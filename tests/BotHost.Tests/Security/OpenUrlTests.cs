using System.Net.Http.Json;

namespace Attendance.BotHost.Tests.Security;

/// <summary>
/// The OAuth start and the JS-SDK signature serve only pages under <c>PunchPage:PublicBaseUrls</c>, or the host's own
/// origin when none is configured (issue 16, item 12).
/// </summary>
public sealed class OpenUrlTests : IAsyncLifetime
{
    private WeComSimulator _wecom = null!;

    public async ValueTask InitializeAsync() => _wecom = await WeComSimulator.StartAsync();

    public async ValueTask DisposeAsync() => await _wecom.DisposeAsync();

    [Fact]
    public async Task Only_configured_bases_are_signed_and_an_evil_host_gets_400()
    {
        await using var host = await StartAsync("--PunchPage:PublicBaseUrls:0=https://attendance.example.com/",
            "--PunchPage:PublicBaseUrls:1=https://kq.example.cn/app");
        var token = await DevTokenAsync(host);

        foreach (var good in new[] { "https://attendance.example.com/punch", "https://attendance.example.com/punch/review?x=1", "https://kq.example.cn/app/punch" })
        {
            using var start = await host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(good));
            start.StatusCode.Should().Be(HttpStatusCode.OK, good);
            using var sign = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(good), bearer: token));
            sign.StatusCode.Should().Be(HttpStatusCode.OK, good);
        }

        foreach (var evil in new[]
                 {
                     "https://evil.example/punch", "http://attendance.example.com/punch", "https://attendance.example.com.evil.example/punch",
                     "https://attendance.example.com:8443/punch", "https://kq.example.cn/punch", "https://kq.example.cn/application/punch",
                     new Uri(host.BaseAddress, "/punch").ToString(),
                 })
        {
            using var start = await host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(evil));
            start.StatusCode.Should().Be(HttpStatusCode.BadRequest, evil);
            (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("redirectUri", out _).Should().BeTrue();
            using var sign = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(evil), bearer: token));
            sign.StatusCode.Should().Be(HttpStatusCode.BadRequest, evil);
        }
    }

    [Fact]
    public async Task Without_configured_bases_only_the_hosts_own_origin_is_accepted()
    {
        await using var host = await StartAsync();
        var token = await DevTokenAsync(host);
        var own = new Uri(host.BaseAddress, "/punch").ToString();
        using (var start = await host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(own)))
        {
            start.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var evil = await host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString("https://evil.example/punch"));
        evil.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var sign = await host.Client.SendAsync(host.Request(HttpMethod.Get,
            "/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString("https://evil.example/punch"), bearer: token));
        sign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://attendance.example.com/")]
    [InlineData("https://user:pw@attendance.example.com/")]
    [InlineData("https://attendance.example.com/?q=1")]
    public void A_base_that_is_not_an_absolute_http_url_is_refused_at_start_naming_the_key(string value)
    {
        var e = FluentActions.Invoking(() =>
        {
            using var app = HostProgram.Build(["--urls=http://127.0.0.1:0", $"--PunchPage:PublicBaseUrls:0={value}",
                "--Security:AdminKeys:0=0123456789abcdef0123456789abcdef", $"--Security:SessionSigningKey={Convert.ToBase64String(new byte[32])}",
                $"--Security:DataEncryptionKey={Convert.ToBase64String(new byte[32])}"]);
            app.StartAsync().GetAwaiter().GetResult();
        }).Should().Throw<Exception>().Which;
        string.Join("\n", HostProgram.ConfigurationFailures(e) ?? [e.ToString()]).Should().Contain("PunchPage:PublicBaseUrls:0");
    }

    private Task<TestHost> StartAsync(params string[] extra) => TestHost.StartAsync(Data.DatabaseProvider.Sqlite, true,
    [
        .. _wecom.HostArgs(), .. extra,
    ]);

    private static async Task<string> DevTokenAsync(TestHost host)
    {
        using var login = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "zhangwei" }));
        login.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }
}
