using System.Net.Http.Json;
using System.Web;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// Signing in to the HR console with WeCom, against the real host and the fake WeCom: in an ordinary browser by
/// WeCom's web login (扫码登录: WeCom's page is answered here by a route that redirects back with a code the fake WeCom
/// knows), inside WeCom's desktop client by OAuth started without a click. HR sees every page, a supervisor only the
/// pages of their scope, an employee is refused; a state that was not issued to this tab is refused before the code is used.
/// </summary>
public sealed class ConsoleSignInBrowserTests(PunchPageFixture fixture) : IClassFixture<PunchPageFixture>
{
    private const string WeComDesktopUserAgent =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 wxwork/4.1.30 MicroMessenger/7.0.1";

    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };

    private async Task<IBrowserContext> ContextAsync(string? userAgent = null) => await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = fixture.Host.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
        UserAgent = userAgent,
    });

    /// <summary>Answers WeCom's login page (<paramref name="pattern"/>) by sending the browser back with <paramref name="code"/>.</summary>
    private static async Task<List<string>> AnswerWeComAsync(IBrowserContext context, string pattern, string code, Func<string, string>? state = null)
    {
        var seen = new List<string>();
        await context.RouteAsync(pattern, async route =>
        {
            seen.Add(route.Request.Url);
            var query = HttpUtility.ParseQueryString(new Uri(route.Request.Url).Query);
            var back = $"{query["redirect_uri"]}?code={code}&state={(state ?? (s => s))(query["state"]!)}";
            await route.FulfillAsync(new RouteFulfillOptions { Status = 302, Headers = new Dictionary<string, string> { ["Location"] = back } });
        });
        return seen;
    }

    [Fact]
    public async Task In_a_browser_hr_signs_in_by_scanning_and_sees_every_page()
    {
        Chromium.Require();
        fixture.WeCom.AddMemberCode("console-web-lina", "lina");
        await using var context = await ContextAsync();
        var seen = await AnswerWeComAsync(context, "https://login.work.weixin.qq.com/**", "console-web-lina");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "企业微信扫码登录" })).ToBeVisibleAsync(Visible);
        await fixture.ScreenshotAsync(page, "console-signin-wecom-1280");

        await page.GetByRole(AriaRole.Button, new() { Name = "企业微信扫码登录" }).ClickAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync("李娜（人事）", Text);
        seen.Should().ContainSingle();
        seen[0].Should().StartWith($"https://login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid={fixture.WeCom.CorpId}&agentid={fixture.WeCom.AgentId}&redirect_uri=");
        page.Url.Should().NotContain("code=");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "任务与消息" })).ToBeVisibleAsync(Visible);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "打卡地点" })).ToBeVisibleAsync(Visible);

        // 退出登录 forgets the session token: a reload shows the sign-in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "企业微信扫码登录" })).ToBeVisibleAsync(Visible);
        (await page.EvaluateAsync<int>("() => sessionStorage.length")).Should().Be(0);
    }

    [Fact]
    public async Task Inside_wecom_a_supervisor_is_signed_in_without_a_click_and_sees_only_the_pages_of_their_scope()
    {
        Chromium.Require();
        fixture.WeCom.AddMemberCode("console-oauth-zhangwei", "zhangwei");
        await using var context = await ContextAsync(WeComDesktopUserAgent);
        var seen = await AnswerWeComAsync(context, "https://open.weixin.qq.com/**", "console-oauth-zhangwei");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");

        await Expect(page.Locator("#who")).ToContainTextAsync("张伟（主管）", Text);
        seen.Should().ContainSingle().Which.Should().StartWith($"https://open.weixin.qq.com/connect/oauth2/authorize?appid={fixture.WeCom.CorpId}&redirect_uri=");
        var links = await page.Locator("#nav a").AllInnerTextsAsync();
        links.Select(l => l.Trim()).Should().Equal("今日", "待复核", "补卡审批", "考勤明细", "月报");
        // A page HR alone may open, asked for by address, shows the supervisor's first page instead.
        await page.GotoAsync("/admin#/sites");
        await Expect(page.Locator("#nav a[aria-current='page']")).ToContainTextAsync("今日", Text);
    }

    [Fact]
    public async Task An_employee_is_refused_and_a_state_not_issued_to_this_tab_is_refused_before_the_code_is_used()
    {
        Chromium.Require();
        fixture.WeCom.AddMemberCode("console-web-wangfang", "wangfang");
        await using (var context = await ContextAsync())
        {
            await AnswerWeComAsync(context, "https://login.work.weixin.qq.com/**", "console-web-wangfang");
            var page = await context.NewPageAsync();
            await page.GotoAsync("/admin");
            await page.GetByRole(AriaRole.Button, new() { Name = "企业微信扫码登录" }).ClickAsync();
            await Expect(page.Locator("#signin-error")).ToContainTextAsync("仅人事、管理员或主管", Text);
            await Expect(page.Locator("#shell")).ToBeHiddenAsync();
            (await page.EvaluateAsync<string?>("() => sessionStorage.getItem('attendance.credential')")).Should().BeNull();
        }

        fixture.WeCom.AddMemberCode("console-web-forged", "lina");
        await using (var context = await ContextAsync())
        {
            await AnswerWeComAsync(context, "https://login.work.weixin.qq.com/**", "console-web-forged", state => state[..^1] + (state[^1] == '0' ? '1' : '0'));
            var page = await context.NewPageAsync();
            await page.GotoAsync("/admin");
            await page.GetByRole(AriaRole.Button, new() { Name = "企业微信扫码登录" }).ClickAsync();
            await Expect(page.Locator("#signin-error")).ToContainTextAsync("state 不匹配", Text);
            await Expect(page.Locator("#shell")).ToBeHiddenAsync();
        }

        // The code was never exchanged: it still signs lina in once.
        using var exchange = await fixture.Host.Client.PostAsJsonAsync("/api/sessions/oauth", new { code = "console-web-forged" });
        exchange.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
