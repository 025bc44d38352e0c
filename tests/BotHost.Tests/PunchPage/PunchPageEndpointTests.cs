using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Attendance.BotHost.Demo;
using Attendance.BotHost.PunchPage;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Tests.PunchPage;

/// <summary>The page's own endpoints over HTTP against the real host (with the demo data) and the fake WeCom.</summary>
public sealed partial class PunchPageEndpointTests : IAsyncLifetime
{
    private WeComSimulator _wecom = null!;
    private TestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _wecom = await WeComSimulator.StartAsync();
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, true,
            _wecom.HostArgs());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task The_page_is_served_with_a_strict_policy_and_revalidated()
    {
        using var page = await _host.Client.GetAsync("/punch");
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        csp.Should().Contain("default-src 'none'");
        csp.Should().Contain("script-src 'self';");
        csp.Should().NotContain("http");
        csp.Should().NotContain("unsafe");
        page.Headers.CacheControl!.NoCache.Should().BeTrue();
        (await page.Content.ReadAsStringAsync()).Should().Contain("考勤打卡");

        // The review page is part of the same app: same policy.
        using var review = await _host.Client.GetAsync("/punch/review");
        review.StatusCode.Should().Be(HttpStatusCode.OK);
        string.Join(";", review.Headers.GetValues("Content-Security-Policy")).Should().Be(csp);
        (await review.Content.ReadAsStringAsync()).Should().Contain("打卡复核");

        using var script = await _host.Client.GetAsync("/punch/app.js");
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        var etag = script.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/punch/app.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _host.Client.SendAsync(again);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);

        using var missing = await _host.Client.GetAsync("/punch/../appsettings.json");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var none = await _host.Client.GetAsync("/punch/nothing.js");
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Config_tells_the_page_what_is_enabled()
    {
        var config = await _host.Client.GetFromJsonAsync<JsonElement>("/api/punch-page/config");
        config.GetProperty("devLogin").GetBoolean().Should().BeTrue();
        config.GetProperty("oauth").GetBoolean().Should().BeTrue();
        config.GetProperty("jsApi").GetBoolean().Should().BeTrue();
        config.GetProperty("corpId").GetString().Should().Be(_wecom.CorpId);
        config.GetProperty("agentId").GetString().Should().Be(_wecom.AgentId);
    }

    [Fact]
    public async Task OAuth_start_gives_the_authorize_url_with_a_state_the_server_accepts_once_issued()
    {
        var redirect = new Uri(_host.BaseAddress, "/punch").ToString();
        var start = await _host.Client.GetFromJsonAsync<JsonElement>("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(redirect));
        var url = start.GetProperty("url").GetString()!;
        var state = start.GetProperty("state").GetString()!;
        state.Should().MatchRegex(StateShape());
        url.Should().Be($"https://open.weixin.qq.com/connect/oauth2/authorize?appid={_wecom.CorpId}&redirect_uri={Uri.EscapeDataString(redirect)}" +
            $"&response_type=code&scope=snsapi_base&state={state}&agentid={_wecom.AgentId}#wechat_redirect");

        using var ok = await _host.Client.PostAsJsonAsync("/api/sessions/oauth/state", new { state });
        ok.StatusCode.Should().Be(HttpStatusCode.NoContent);

        var forged = state[..^1] + (state[^1] == '0' ? '1' : '0');
        using var bad = await _host.Client.PostAsJsonAsync("/api/sessions/oauth/state", new { state = forged });
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString().Should().Contain("重新进入应用");

        using var elsewhere = await _host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString("https://evil.example/other"));
        elsewhere.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        using var otherPage = await _host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(new Uri(_host.BaseAddress, "/punch/app.js").ToString()));
        otherPage.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // The review page signs in the same way and comes back to itself.
        var reviewPage = new Uri(_host.BaseAddress, "/punch/review").ToString();
        var back = await _host.Client.GetFromJsonAsync<JsonElement>("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(reviewPage));
        back.GetProperty("url").GetString().Should().Contain($"&redirect_uri={Uri.EscapeDataString(reviewPage)}&");
    }

    [Fact]
    public async Task Web_login_for_the_console_gives_wecoms_sso_link_and_the_console_is_no_js_sdk_page()
    {
        var console = new Uri(_host.BaseAddress, "/admin").ToString();
        var start = await _host.Client.GetFromJsonAsync<JsonElement>("/api/sessions/oauth/start?mode=web&redirectUri=" + Uri.EscapeDataString(console));
        var state = start.GetProperty("state").GetString()!;
        start.GetProperty("url").GetString().Should().Be(
            $"https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid={_wecom.CorpId}&agentid={_wecom.AgentId}" +
            $"&redirect_uri={Uri.EscapeDataString(console)}&state={state}");
        using var ok = await _host.Client.PostAsJsonAsync("/api/sessions/oauth/state", new { state });
        ok.StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Inside WeCom's desktop client the console signs in by OAuth, coming back to itself.
        var inside = await _host.Client.GetFromJsonAsync<JsonElement>("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(console));
        inside.GetProperty("url").GetString().Should().StartWith($"https://open.weixin.qq.com/connect/oauth2/authorize?appid={_wecom.CorpId}&redirect_uri={Uri.EscapeDataString(console)}&");

        using var badMode = await _host.Client.GetAsync("/api/sessions/oauth/start?mode=qr&redirectUri=" + Uri.EscapeDataString(console));
        badMode.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badMode.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("mode")[0].GetString().Should().Contain("web");
        using var consoleFile = await _host.Client.GetAsync("/api/sessions/oauth/start?mode=web&redirectUri=" + Uri.EscapeDataString(console + "/admin.js"));
        consoleFile.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        // The JS-SDK is signed for the punch and review pages only.
        var token = await DevTokenAsync("zhangwei");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(console));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var signed = await _host.Client.SendAsync(request);
        signed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task JsApi_config_signs_the_page_url_with_both_cached_tickets()
    {
        var token = await DevTokenAsync("zhangwei");
        // The host's own origin: with PunchPage:PublicBaseUrls empty only that is signed (issue 16, item 12).
        var page = new Uri(_host.BaseAddress, "/punch?from=menu").ToString();
        using var unauthenticated = await _host.Client.GetAsync("/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(page));
        unauthenticated.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var config = await GetAsync("/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(page + "#top"), token);
        config.GetProperty("corpId").GetString().Should().Be(_wecom.CorpId);
        config.GetProperty("agentId").GetString().Should().Be(_wecom.AgentId);
        var timestamp = config.GetProperty("timestamp").GetInt64();
        config.GetProperty("signature").GetString().Should().Be(JsApiSignature.Sign(_wecom.CurrentJsApiTicket!, config.GetProperty("nonceStr").GetString()!, timestamp, page));
        var agent = config.GetProperty("agentConfig");
        agent.GetProperty("signature").GetString().Should().Be(JsApiSignature.Sign(_wecom.CurrentAgentConfigTicket!, agent.GetProperty("nonceStr").GetString()!,
            agent.GetProperty("timestamp").GetInt64(), page));

        await GetAsync("/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(page), token);
        _wecom.CallCount(JsApiApis.GetJsApiTicket).Should().Be(1);
        _wecom.CallCount(JsApiApis.TicketGet).Should().Be(1);

        using var request = _host.Request(HttpMethod.Get, "/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString("https://attendance.example.com/admin"), bearer: token);
        using var other = await _host.Client.SendAsync(request);
        other.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Today_shows_the_rostered_shift_the_sites_and_the_punches()
    {
        using (var shift = await _host.AdminAsync(HttpMethod.Put, "/api/admin/shifts/day", new
        {
            name = "白班", segments = new[] { new { start = "08:30", end = "17:30" } }, checkInOpensMinutesBefore = 90, checkOutClosesMinutesAfter = 180,
            lateGraceMinutes = 0, earlyLeaveGraceMinutes = 0, seriousLateMinutes = 30, absentLateMinutes = 240, flexibleMinutes = 0, requireCheckOut = true,
        }))
        {
            shift.IsSuccessStatusCode.Should().BeTrue(await shift.Content.ReadAsStringAsync());
        }

        using (var assignment = await _host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { userId = "wangfang", shiftId = "day", from = "2025-01-01", weekdays = new[] { 1, 2, 3, 4, 5, 6, 7 } }))
        {
            assignment.IsSuccessStatusCode.Should().BeTrue(await assignment.Content.ReadAsStringAsync());
        }

        var token = await DevTokenAsync("wangfang");
        var office = DemoSeeder.OfficeGcj02;
        using (var punch = await _host.Client.SendAsync(_host.Request(HttpMethod.Post, "/api/punches", new
        {
            clientPunchId = Guid.NewGuid().ToString(), kind = "auto",
            location = new { latitude = office.Latitude + 0.000123, longitude = office.Longitude, accuracy = 15, coordinateSystem = "gcj02" },
        }, token)))
        {
            punch.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var today = await GetAsync("/api/me/today", token);
        today.GetProperty("userId").GetString().Should().Be("wangfang");
        today.GetProperty("name").GetString().Should().Be("王芳");
        today.GetProperty("punches").EnumerateArray().Should().ContainSingle();
        // 研发部 also has the demo story's client site, where an out-of-fence punch is 外勤.
        today.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Should().Equal([DemoHistory.ClientSiteId, "shanghai-hq"]);
        today.GetProperty("photoRequired").GetBoolean().Should().BeFalse();
        if (today.GetProperty("dayKind").GetString() == "workday")
        {
            var shown = today.GetProperty("shift");
            shown.GetProperty("name").GetString().Should().Be("白班");
            shown.GetProperty("segments")[0].GetProperty("start").GetString().Should().Be("08:30");
            shown.GetProperty("checkInOpens").GetString().Should().Be("07:00");
            shown.GetProperty("checkOutCloses").GetString().Should().Be("20:30");
        }
        else
        {
            today.GetProperty("dayKind").GetString().Should().Be("holiday");
        }
    }

    [Fact]
    public async Task Site_check_names_the_site_and_whether_it_wants_a_photo()
    {
        using (var site = await _host.AdminAsync(HttpMethod.Put, "/api/admin/sites/photo", new
        {
            name = "拍照点", coordinateSystem = "gcj02", circle = new { latitude = 31.2397, longitude = 121.4998, radiusMeters = 200 },
            wifi = new[] { new { ssid = "Photo-Office", bssid = "00:11:22:33:44:55" } }, departmentIds = Array.Empty<long>(),
            outOfRange = "exception", requirePhoto = true, requireFace = false,
        }))
        {
            site.IsSuccessStatusCode.Should().BeTrue(await site.Content.ReadAsStringAsync());
        }

        var token = await DevTokenAsync("liuyang");
        var office = DemoSeeder.OfficeGcj02;
        var hq = await GetAsync($"/api/me/site-check?latitude={office.Latitude}&longitude={office.Longitude}&accuracy=10&coordinateSystem=gcj02", token);
        hq.GetProperty("siteId").GetString().Should().Be("shanghai-hq");
        hq.GetProperty("status").GetString().Should().Be("inside");
        hq.GetProperty("requirePhoto").GetBoolean().Should().BeFalse();

        var photo = await GetAsync("/api/me/site-check?latitude=31.2398&longitude=121.4998&accuracy=10&coordinateSystem=gcj02", token);
        photo.GetProperty("siteId").GetString().Should().Be("photo");
        photo.GetProperty("requirePhoto").GetBoolean().Should().BeTrue();

        var byWifi = await GetAsync("/api/me/site-check?bssid=00-11-22-33-44-55", token);
        byWifi.GetProperty("siteId").GetString().Should().Be("photo");
        byWifi.GetProperty("wifiMatched").GetBoolean().Should().BeTrue();

        using var request = _host.Request(HttpMethod.Get, "/api/me/site-check?latitude=95&longitude=1&accuracy=1", bearer: token);
        using var bad = await _host.Client.SendAsync(request);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private async Task<string> DevTokenAsync(string userId)
    {
        using var response = await _host.Client.PostAsJsonAsync("/api/sessions/dev", new { userId });
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        using var response = await _host.Client.SendAsync(_host.Request(HttpMethod.Get, path, bearer: token));
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("^[0-9]{10}[0-9a-f]{48}$")]
    private static partial Regex StateShape();
}
