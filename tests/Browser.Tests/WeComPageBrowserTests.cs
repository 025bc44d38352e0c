using System.Web;
using Attendance.WeCom.Client;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The page as WeCom's built-in browser runs it (user agent with <c>wxwork</c>): OAuth through WeCom's authorize
/// URL (answered here by a route that redirects back with a code the fake WeCom knows), and the JS-SDK. The real
/// SDK needs WeCom's client, so the self-hosted SDK file is replaced by a stand-in <c>ww</c> that asks for the
/// signatures exactly as the SDK does and answers getLocation (gcj02), getConnectedWifi and chooseImage.
/// </summary>
public sealed class WeComPageBrowserTests(PunchPageFixture fixture) : IClassFixture<PunchPageFixture>
{
    private const string WeComUserAgent =
        "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh";

    [Fact]
    public async Task Inside_WeCom_the_page_signs_in_by_OAuth_and_punches_with_the_JS_SDK()
    {
        Chromium.Require();
        fixture.WeCom.AddMemberCode("wecom-oauth-code-1", "chenjing");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            UserAgent = WeComUserAgent,
        });

        string? authorizeUrl = null;
        await context.RouteAsync("https://open.weixin.qq.com/**", async route =>
        {
            authorizeUrl = route.Request.Url;
            var query = HttpUtility.ParseQueryString(new Uri(authorizeUrl).Query);
            var back = $"{query["redirect_uri"]}?code=wecom-oauth-code-1&state={query["state"]}";
            await route.FulfillAsync(new RouteFulfillOptions { Status = 302, Headers = new Dictionary<string, string> { ["Location"] = back } });
        });

        var site = PunchPageFixture.PhotoSiteGcj02;
        var face = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "face.jpg")));
        await context.RouteAsync("**/punch/vendor/wecom-jssdk-2.4.4.js", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/javascript",
            Body = StandInSdk(site.Latitude + 0.000071, site.Longitude - 0.000043, face),
        }));

        var page = await context.NewPageAsync();
        await page.GotoAsync("/punch");
        await Expect(page.Locator("#home")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("#who")).ToContainTextAsync("陈静", new() { Timeout = 60_000 });
        authorizeUrl.Should().NotBeNull();
        authorizeUrl.Should().StartWith($"https://open.weixin.qq.com/connect/oauth2/authorize?appid={fixture.WeCom.CorpId}&redirect_uri=");
        authorizeUrl.Should().Contain($"&response_type=code&scope=snsapi_base&state=");
        // The #wechat_redirect fragment is not sent over the wire (PunchPageEndpointTests checks the URL given to the page).
        authorizeUrl.Should().EndWith($"&agentid={fixture.WeCom.AgentId}");
        // The single-use code does not stay in the address bar.
        page.Url.Should().NotContain("code=");

        await page.ClickAsync("#punch");
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-verdict", "accepted", new() { Timeout = 60_000 });
        await Expect(page.Locator("#answer-next")).ToContainTextAsync("已附照片");
        await fixture.ScreenshotAsync(page, "10-wecom-punch");

        var sdk = await page.EvaluateAsync<JsonElement>("() => window.__ww");
        sdk.GetProperty("locationType").GetString().Should().Be("gcj02");
        sdk.GetProperty("chooseImage").GetProperty("sourceType").EnumerateArray().Select(e => e.GetString()).Should().Equal(["camera"]);
        sdk.GetProperty("registered").GetProperty("corpId").GetString().Should().Be(fixture.WeCom.CorpId);
        var pageUrl = page.Url.Split('#')[0];
        var config = sdk.GetProperty("config");
        config.GetProperty("signature").GetString().Should().Be(JsApiSignature.Sign(fixture.WeCom.CurrentJsApiTicket!, config.GetProperty("nonceStr").GetString()!,
            config.GetProperty("timestamp").GetInt64(), pageUrl));
        var agent = sdk.GetProperty("agentConfig");
        agent.GetProperty("signature").GetString().Should().Be(JsApiSignature.Sign(fixture.WeCom.CurrentAgentConfigTicket!, agent.GetProperty("nonceStr").GetString()!,
            agent.GetProperty("timestamp").GetInt64(), pageUrl));

        var token = await fixture.TokenAsync("chenjing");
        var date = (await fixture.GetAsync("/api/me/today", token)).GetProperty("date").GetString();
        var punch = (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray().Last();
        punch.GetProperty("hasPhoto").GetBoolean().Should().BeTrue();
        punch.GetProperty("site").GetProperty("id").GetString().Should().Be(PunchPageFixture.PhotoSiteId);
        // GCJ-02 sent as GCJ-02: a few metres from the centre, not the ~500 m a datum mix-up would give.
        punch.GetProperty("site").GetProperty("distanceMeters").GetInt32().Should().BeInRange(0, 20);
        punch.GetProperty("findings").EnumerateArray().Should().Contain(f => f.GetProperty("code").GetString() == "WIFI_MATCH");
    }

    /// <summary>A <c>ww</c> with the real SDK's shape: register, then each call fetches both signatures first.</summary>
    private static string StandInSdk(double latitude, double longitude, string jpegBase64) => string.Create(CultureInfo.InvariantCulture, $$"""
        var ww = (function () {
          var options = null;
          var state = window.__ww = {};
          async function signed() {
            if (!state.config) {
              var url = location.href.split('#')[0];
              state.config = await options.getConfigSignature(url);
              state.agentConfig = await options.getAgentConfigSignature(url);
            }
          }
          return {
            register: function (o) { options = o; state.registered = { corpId: o.corpId, agentId: o.agentId, jsApiList: o.jsApiList }; },
            getLocation: async function (p) { await signed(); state.locationType = p.type; return { latitude: {{latitude:F6}}, longitude: {{longitude:F6}}, accuracy: 15 }; },
            startWifi: async function () { await signed(); return {}; },
            getConnectedWifi: async function () { await signed(); return { wifi: { SSID: 'Demo-Office', BSSID: '0A:1B:2C:3D:4E:5F' } }; },
            chooseImage: async function (p) { await signed(); state.chooseImage = p; return { localIds: ['wxLocalResource://1'] }; },
            getLocalImgData: async function () { await signed(); return { localData: 'data:image/jpeg;base64,{{jpegBase64}}' }; }
          };
        })();
        """);
}
