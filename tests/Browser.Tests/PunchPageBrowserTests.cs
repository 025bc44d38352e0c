using Attendance.Rules.Geo;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The punch page in Chromium at 360×740 against the real host: dev login, punches inside and outside the fence
/// with an overridden geolocation, a photo from the fake camera, the offline queue, and the 补卡 form. Each test
/// signs in as its own employee in its own browser context.
/// </summary>
public sealed class PunchPageBrowserTests(PunchPageFixture fixture) : IClassFixture<PunchPageFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task Punches_inside_then_outside_the_fence_then_offline_arrive_once()
    {
        Chromium.Require();
        var inside = PunchPageFixture.BrowserFix(PunchPageFixture.Office, northMeters: 12, eastMeters: 7);
        await using var context = await Chromium.PhoneAsync(fixture.Browser, fixture.Host.BaseAddress, inside.Latitude, inside.Longitude);
        var page = await context.NewPageAsync();
        await LoginAsync(page, "zhangwei", "张伟", "00-login");
        await ExpectTodayAsync(page);
        await fixture.ScreenshotAsync(page, "01-home");

        await page.ClickAsync("#punch");
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-verdict", "accepted", Slow);
        await Expect(page.Locator("#answer-verdict")).ToHaveTextAsync("打卡成功");
        await Expect(page.Locator("#answer-distance")).ToContainTextAsync("上海总部");
        await fixture.ScreenshotAsync(page, "02-accepted");

        var token = await fixture.TokenAsync("zhangwei");
        var date = (await fixture.GetAsync("/api/me/today", token)).GetProperty("date").GetString();
        var stored = (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray().ToList();
        var first = stored.Should().ContainSingle().Which;
        first.GetProperty("verdict").GetString().Should().Be("accepted");
        first.GetProperty("site").GetProperty("id").GetString().Should().Be("shanghai-hq");

        // 600 m north: outside the 300 m fence, close enough not to look like impossible travel.
        var outside = PunchPageFixture.BrowserFix(PunchPageFixture.Office, northMeters: 600);
        await context.SetGeolocationAsync(new Geolocation { Latitude = (float)outside.Latitude, Longitude = (float)outside.Longitude, Accuracy = 10 });
        await page.ClickAsync("#punch");
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-verdict", "location_exception", Slow);
        await Expect(page.Locator("#answer-verdict")).ToContainTextAsync("地点异常");
        await Expect(page.Locator("#answer-distance")).ToContainTextAsync("米");
        await Expect(page.Locator("#answer-next")).ToContainTextAsync("补卡");
        await fixture.ScreenshotAsync(page, "03-out-of-range");

        await context.SetGeolocationAsync(new Geolocation { Latitude = (float)inside.Latitude, Longitude = (float)inside.Longitude, Accuracy = 10 });
        await context.SetOfflineAsync(true);
        await page.ClickAsync("#punch");
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-verdict", "queued", Slow);
        var queued = page.Locator("#punches li[data-queued=true]");
        await Expect(queued).ToHaveCountAsync(1);
        await Expect(queued).ToContainTextAsync("待发送");
        await Expect(page.Locator("#net")).ToBeVisibleAsync();
        var clientPunchId = await queued.GetAttributeAsync("data-client-punch-id");
        string.IsNullOrEmpty(clientPunchId).Should().BeFalse();
        await fixture.ScreenshotAsync(page, "04-offline-queued");

        await context.SetOfflineAsync(false);
        await Expect(page.Locator("#punches li[data-queued=true]")).ToHaveCountAsync(0, new() { Timeout = 90_000 });
        await Expect(page.Locator($"#punches li[data-client-punch-id='{clientPunchId}']")).ToHaveCountAsync(1);
        await fixture.ScreenshotAsync(page, "05-back-online");

        // A reload retries whatever is left in the queue: nothing may arrive twice.
        await page.ReloadAsync();
        await Expect(page.Locator("#home")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("#punches li[data-client-punch-id]")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        var all = (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray().ToList();
        all.Count.Should().Be(3);
        all.Should().ContainSingle(p => p.GetProperty("clientPunchId").GetString() == clientPunchId);
    }

    [Fact]
    public async Task A_site_that_needs_a_photo_gets_one_from_the_camera()
    {
        Chromium.Require();
        var there = PunchPageFixture.BrowserFix(PunchPageFixture.PhotoSiteGcj02, northMeters: -9, eastMeters: 4);
        await using var context = await Chromium.PhoneAsync(fixture.Browser, fixture.Host.BaseAddress, there.Latitude, there.Longitude);
        var page = await context.NewPageAsync();
        await LoginAsync(page, "chenjing", "陈静");

        await page.ClickAsync("#punch");
        await Expect(page.Locator("#camera")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('camera-video').videoWidth > 0", null, new() { Timeout = 60_000 });
        await fixture.ScreenshotAsync(page, "06-camera");
        await page.ClickAsync("#camera-shoot");
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-verdict", "accepted", Slow);
        await Expect(page.Locator("#answer-next")).ToContainTextAsync("已附照片");
        await Expect(page.Locator("#camera")).ToBeHiddenAsync();
        await fixture.ScreenshotAsync(page, "07-photo-accepted");

        var token = await fixture.TokenAsync("chenjing");
        var date = (await fixture.GetAsync("/api/me/today", token)).GetProperty("date").GetString();
        var punch = (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray().Should().ContainSingle().Which;
        punch.GetProperty("hasPhoto").GetBoolean().Should().BeTrue();
        punch.GetProperty("site").GetProperty("id").GetString().Should().Be(PunchPageFixture.PhotoSiteId);
        punch.GetProperty("verdict").GetString().Should().Be("accepted");
    }

    [Fact]
    public async Task A_correction_from_the_form_is_stored_and_a_refused_one_shows_why()
    {
        Chromium.Require();
        var here = PunchPageFixture.BrowserFix(PunchPageFixture.Office, northMeters: -20);
        await using var context = await Chromium.PhoneAsync(fixture.Browser, fixture.Host.BaseAddress, here.Latitude, here.Longitude);
        var page = await context.NewPageAsync();
        await LoginAsync(page, "wangfang", "王芳");

        var token = await fixture.TokenAsync("wangfang");
        var today = DateOnly.Parse((await fixture.GetAsync("/api/me/today", token)).GetProperty("date").GetString()!, CultureInfo.InvariantCulture);
        var yesterday = today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        await page.FillAsync("#correction [name=date]", today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.SelectOptionAsync("#correction [name=kind]", "in");
        await page.FillAsync("#correction [name=time]", "09:00");
        await page.FillAsync("#correction [name=reason]", "忘记打卡");
        await page.ClickAsync("#correction button[type=submit]");
        await Expect(page.Locator("#correction-result")).ToContainTextAsync("只能补最近", new() { Timeout = 60_000 });
        await fixture.ScreenshotAsync(page, "08-correction-refused");

        await page.FillAsync("#correction [name=date]", yesterday);
        await page.FillAsync("#correction [name=reason]", "手机没电，忘记打卡");
        await page.ClickAsync("#correction button[type=submit]");
        await Expect(page.Locator("#correction-result")).ToContainTextAsync("已提交", new() { Timeout = 60_000 });
        await Expect(page.Locator("#corrections li")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await Expect(page.Locator("#corrections li")).ToContainTextAsync("待审批");
        await fixture.ScreenshotAsync(page, "09-correction-sent");

        var stored = (await fixture.GetAsync("/api/me/corrections", token)).EnumerateArray().Should().ContainSingle().Which;
        stored.GetProperty("workDate").GetString().Should().Be(yesterday);
        stored.GetProperty("reason").GetString().Should().Be("手机没电，忘记打卡");
    }

    [Fact]
    public async Task A_withdrawn_location_consent_stops_the_page_reading_the_location_until_granted_again()
    {
        Chromium.Require();
        var inside = PunchPageFixture.BrowserFix(PunchPageFixture.Office, northMeters: 30, eastMeters: -10);
        await using var context = await Chromium.PhoneAsync(fixture.Browser, fixture.Host.BaseAddress, inside.Latitude, inside.Longitude);
        // Counts every location read the page makes.
        await context.AddInitScriptAsync("""
            (() => {
              window.__locationReads = 0;
              const geo = navigator.geolocation;
              const original = geo.getCurrentPosition.bind(geo);
              geo.getCurrentPosition = (...args) => { window.__locationReads++; return original(...args); };
            })();
            """);
        var page = await context.NewPageAsync();
        await LoginAsync(page, "liuyang", "刘洋");
        await Expect(page.Locator("#privacy")).ToHaveAttributeAsync("data-location", "granted", Slow);
        await Expect(page.Locator("#consent-location-state")).ToHaveTextAsync("使用中（可撤回）");
        await Expect(page.Locator("#consent-face-state")).ToHaveTextAsync("未授权");

        await page.ClickAsync("#consent-location");
        await Expect(page.Locator("#privacy")).ToHaveAttributeAsync("data-location", "withheld", Slow);
        await Expect(page.Locator("#consent-location-state")).ToHaveTextAsync("已撤回");
        await fixture.ScreenshotAsync(page, "10-location-withdrawn");

        // Outside WeCom there is no Wi-Fi either: nothing to show the place, so the page says why and sends nothing.
        await page.ClickAsync("#punch");
        await Expect(page.Locator("#answer-message")).ToContainTextAsync("未授权使用位置信息", new() { Timeout = 60_000 });
        (await page.EvaluateAsync<int>("() => window.__locationReads")).Should().Be(0);
        var token = await fixture.TokenAsync("liuyang");
        var date = (await fixture.GetAsync("/api/me/today", token)).GetProperty("date").GetString();
        (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray().Should().BeEmpty();
        var consent = await fixture.GetAsync("/api/me/consents/location", token);
        consent.GetProperty("answered").GetBoolean().Should().BeTrue();
        consent.GetProperty("locationUsed").GetBoolean().Should().BeFalse();

        await page.ClickAsync("#consent-location");
        await Expect(page.Locator("#privacy")).ToHaveAttributeAsync("data-location", "granted", Slow);
        await Expect(page.Locator("#consent-location-state")).ToHaveTextAsync("已授权");
        await page.ClickAsync("#punch");
        await Expect(page.Locator("#answer")).ToHaveAttributeAsync("data-verdict", "accepted", Slow);
        (await page.EvaluateAsync<int>("() => window.__locationReads")).Should().Be(1);
        (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray().Should().ContainSingle();
    }

    private async Task LoginAsync(IPage page, string userId, string name, string? screenshot = null)
    {
        await page.GotoAsync("/punch");
        await Expect(page.Locator("#dev-login")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        // Outside WeCom OAuth is offered as a button, never started by itself.
        await Expect(page.Locator("#oauth-login")).ToBeVisibleAsync();
        if (screenshot is not null)
        {
            await fixture.ScreenshotAsync(page, screenshot);
        }

        await page.FillAsync("#dev-login [name=userId]", userId);
        await page.ClickAsync("#dev-login button[type=submit]");
        await Expect(page.Locator("#home")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.Locator("#who")).ToContainTextAsync(name, new() { Timeout = 60_000 });
    }

    private static async Task ExpectTodayAsync(IPage page)
    {
        await Expect(page.Locator("#today")).ToHaveAttributeAsync("data-day-kind", new System.Text.RegularExpressions.Regex("workday|rest|holiday"), Slow);
        var kind = await page.Locator("#today").GetAttributeAsync("data-day-kind");
        if (kind == "workday")
        {
            await Expect(page.Locator("#shift-name")).ToHaveTextAsync("标准班");
            await Expect(page.Locator("#shift-times")).ToHaveTextAsync("09:00–18:00");
        }

        // This month's anomalies are loaded (the fixture's everyday shift makes earlier days of the month absent).
        await Expect(page.Locator("#anomalies")).Not.ToContainTextAsync("加载中", new() { Timeout = 60_000 });
        await Expect(page.Locator("#anomalies li").First).ToBeVisibleAsync();

        // The page fits a 360 px phone: nothing scrolls sideways.
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue();
    }
}
