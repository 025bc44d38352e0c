using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Attendance.BotHost.Demo;
using Attendance.BotHost.PunchPage;
using Attendance.WeCom.Simulator;
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
            $"--WeCom:CorpId={_wecom.CorpId}", $"--WeCom:AgentId={_wecom.AgentId}", $"--WeCom:AgentSecret={_wecom.AgentSecret}",
            $"--WeCom:ApiBaseUrl={_wecom.BaseUrl}");
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
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("http", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl!.NoCache);
        Assert.Contains("考勤打卡", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The review page is part of the same app: same policy.
        using var review = await _host.Client.GetAsync("/punch/review");
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        Assert.Equal(csp, string.Join(";", review.Headers.GetValues("Content-Security-Policy")));
        Assert.Contains("打卡复核", await review.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var script = await _host.Client.GetAsync("/punch/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        var etag = script.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/punch/app.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _host.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var missing = await _host.Client.GetAsync("/punch/../appsettings.json");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var none = await _host.Client.GetAsync("/punch/nothing.js");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Config_tells_the_page_what_is_enabled()
    {
        var config = await _host.Client.GetFromJsonAsync<JsonElement>("/api/punch-page/config");
        Assert.True(config.GetProperty("devLogin").GetBoolean());
        Assert.True(config.GetProperty("oauth").GetBoolean());
        Assert.True(config.GetProperty("jsApi").GetBoolean());
        Assert.Equal(_wecom.CorpId, config.GetProperty("corpId").GetString());
        Assert.Equal(_wecom.AgentId, config.GetProperty("agentId").GetString());
    }

    [Fact]
    public async Task OAuth_start_gives_the_authorize_url_with_a_state_the_server_accepts_once_issued()
    {
        var redirect = new Uri(_host.BaseAddress, "/punch").ToString();
        var start = await _host.Client.GetFromJsonAsync<JsonElement>("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(redirect));
        var url = start.GetProperty("url").GetString()!;
        var state = start.GetProperty("state").GetString()!;
        Assert.Matches(StateShape(), state);
        Assert.Equal(
            $"https://open.weixin.qq.com/connect/oauth2/authorize?appid={_wecom.CorpId}&redirect_uri={Uri.EscapeDataString(redirect)}" +
            $"&response_type=code&scope=snsapi_base&state={state}&agentid={_wecom.AgentId}#wechat_redirect", url);

        using var ok = await _host.Client.PostAsJsonAsync("/api/sessions/oauth/state", new { state });
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);

        var forged = state[..^1] + (state[^1] == '0' ? '1' : '0');
        using var bad = await _host.Client.PostAsJsonAsync("/api/sessions/oauth/state", new { state = forged });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("重新进入应用", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var elsewhere = await _host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString("https://evil.example/other"));
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        using var otherPage = await _host.Client.GetAsync("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(new Uri(_host.BaseAddress, "/punch/app.js").ToString()));
        Assert.Equal(HttpStatusCode.BadRequest, otherPage.StatusCode);

        // The review page signs in the same way and comes back to itself.
        var reviewPage = new Uri(_host.BaseAddress, "/punch/review").ToString();
        var back = await _host.Client.GetFromJsonAsync<JsonElement>("/api/sessions/oauth/start?redirectUri=" + Uri.EscapeDataString(reviewPage));
        Assert.Contains($"&redirect_uri={Uri.EscapeDataString(reviewPage)}&", back.GetProperty("url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsApi_config_signs_the_page_url_with_both_cached_tickets()
    {
        var token = await DevTokenAsync("zhangwei");
        // The host's own origin: with PunchPage:PublicBaseUrls empty only that is signed (issue 16, item 12).
        var page = new Uri(_host.BaseAddress, "/punch?from=menu").ToString();
        using var unauthenticated = await _host.Client.GetAsync("/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(page));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);

        var config = await GetAsync("/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(page + "#top"), token);
        Assert.Equal(_wecom.CorpId, config.GetProperty("corpId").GetString());
        Assert.Equal(_wecom.AgentId, config.GetProperty("agentId").GetString());
        var timestamp = config.GetProperty("timestamp").GetInt64();
        Assert.Equal(JsApiSignature.Sign(_wecom.CurrentJsApiTicket!, config.GetProperty("nonceStr").GetString()!, timestamp, page),
            config.GetProperty("signature").GetString());
        var agent = config.GetProperty("agentConfig");
        Assert.Equal(JsApiSignature.Sign(_wecom.CurrentAgentConfigTicket!, agent.GetProperty("nonceStr").GetString()!,
            agent.GetProperty("timestamp").GetInt64(), page), agent.GetProperty("signature").GetString());

        await GetAsync("/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString(page), token);
        Assert.Equal(1, _wecom.CallCount(JsApiApis.GetJsApiTicket));
        Assert.Equal(1, _wecom.CallCount(JsApiApis.TicketGet));

        using var request = _host.Request(HttpMethod.Get, "/api/punch-page/jsapi-config?url=" + Uri.EscapeDataString("https://attendance.example.com/admin"), bearer: token);
        using var other = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
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
            Assert.True(shift.IsSuccessStatusCode, await shift.Content.ReadAsStringAsync());
        }

        using (var assignment = await _host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { userId = "wangfang", shiftId = "day", from = "2025-01-01", weekdays = new[] { 1, 2, 3, 4, 5, 6, 7 } }))
        {
            Assert.True(assignment.IsSuccessStatusCode, await assignment.Content.ReadAsStringAsync());
        }

        var token = await DevTokenAsync("wangfang");
        var office = DemoSeeder.OfficeGcj02;
        using (var punch = await _host.Client.SendAsync(_host.Request(HttpMethod.Post, "/api/punches", new
        {
            clientPunchId = Guid.NewGuid().ToString(), kind = "auto",
            location = new { latitude = office.Latitude + 0.000123, longitude = office.Longitude, accuracy = 15, coordinateSystem = "gcj02" },
        }, token)))
        {
            Assert.Equal(HttpStatusCode.Created, punch.StatusCode);
        }

        var today = await GetAsync("/api/me/today", token);
        Assert.Equal("wangfang", today.GetProperty("userId").GetString());
        Assert.Equal("王芳", today.GetProperty("name").GetString());
        Assert.Single(today.GetProperty("punches").EnumerateArray());
        // 研发部 also has the demo story's client site, where an out-of-fence punch is 外勤.
        Assert.Equal([DemoHistory.ClientSiteId, "shanghai-hq"], today.GetProperty("sites").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.False(today.GetProperty("photoRequired").GetBoolean());
        if (today.GetProperty("dayKind").GetString() == "workday")
        {
            var shown = today.GetProperty("shift");
            Assert.Equal("白班", shown.GetProperty("name").GetString());
            Assert.Equal("08:30", shown.GetProperty("segments")[0].GetProperty("start").GetString());
            Assert.Equal("07:00", shown.GetProperty("checkInOpens").GetString());
            Assert.Equal("20:30", shown.GetProperty("checkOutCloses").GetString());
        }
        else
        {
            Assert.Equal("holiday", today.GetProperty("dayKind").GetString());
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
            Assert.True(site.IsSuccessStatusCode, await site.Content.ReadAsStringAsync());
        }

        var token = await DevTokenAsync("liuyang");
        var office = DemoSeeder.OfficeGcj02;
        var hq = await GetAsync($"/api/me/site-check?latitude={office.Latitude}&longitude={office.Longitude}&accuracy=10&coordinateSystem=gcj02", token);
        Assert.Equal("shanghai-hq", hq.GetProperty("siteId").GetString());
        Assert.Equal("inside", hq.GetProperty("status").GetString());
        Assert.False(hq.GetProperty("requirePhoto").GetBoolean());

        var photo = await GetAsync("/api/me/site-check?latitude=31.2398&longitude=121.4998&accuracy=10&coordinateSystem=gcj02", token);
        Assert.Equal("photo", photo.GetProperty("siteId").GetString());
        Assert.True(photo.GetProperty("requirePhoto").GetBoolean());

        var byWifi = await GetAsync("/api/me/site-check?bssid=00-11-22-33-44-55", token);
        Assert.Equal("photo", byWifi.GetProperty("siteId").GetString());
        Assert.True(byWifi.GetProperty("wifiMatched").GetBoolean());

        using var request = _host.Request(HttpMethod.Get, "/api/me/site-check?latitude=95&longitude=1&accuracy=1", bearer: token);
        using var bad = await _host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task<string> DevTokenAsync(string userId)
    {
        using var response = await _host.Client.PostAsJsonAsync("/api/sessions/dev", new { userId });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        using var response = await _host.Client.SendAsync(_host.Request(HttpMethod.Get, path, bearer: token));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [GeneratedRegex("^[0-9]{10}[0-9a-f]{48}$")]
    private static partial Regex StateShape();
}
