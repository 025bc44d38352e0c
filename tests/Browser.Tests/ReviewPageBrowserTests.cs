using System.Net.Http.Headers;
using System.Net.Http.Json;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The review page (<c>/punch/review</c>) and the review states on the punch page, in Chromium against the real host.
/// 王芳 (研发部, direct leader 张伟) sends photo punches through the real API with a fix of accuracy 0, which the rules
/// flag (SUSPICIOUS_FIX → review); she explains one on the punch page, 张伟 sees both with their photos, approves
/// one and rejects the other, and 王芳 sees 已通过 and 已驳回（原因：…）. 刘洋 reviews nobody and is told so.
/// </summary>
public sealed class ReviewPageBrowserTests(PunchPageFixture fixture) : IClassFixture<PunchPageFixture>
{
    private const string Explanation = "定位不准，我在公司三楼会议室";
    private const string RejectReason = "照片看不清，且不在打卡地点，请提交补卡";
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task A_supervisor_sees_the_flagged_punches_with_photos_decides_them_and_the_employee_sees_the_results()
    {
        Chromium.Require();
        var first = await FlaggedPunchAsync("wangfang", northMeters: 15);
        var second = await FlaggedPunchAsync("wangfang", northMeters: 40);

        // The employee: both punches wait (待复核); she explains the first one.
        await using var employee = await ContextAsync(390, 844);
        var punchPage = await employee.NewPageAsync();
        await LoginAsync(punchPage, "/punch", "wangfang", "王芳");
        var mine = punchPage.Locator($"#punches li[data-punch-id='{first}']");
        await Expect(mine).ToHaveAttributeAsync("data-review", "pending", Slow);
        await Expect(mine.Locator(".tag")).ToHaveTextAsync("待复核", new() { Timeout = 30_000 });
        await Expect(punchPage.Locator($"#punches li[data-punch-id='{second}'] .explain-open")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await OpenExplanationAsync(mine);
        await mine.Locator("textarea[name=text]").FillAsync(Explanation);
        await Expect(mine.Locator(".count")).ToHaveTextAsync($"{Explanation.Length}/200", new() { Timeout = 30_000 });
        // The list is drawn again (here: coming back online flushes the queue and redraws); what she typed stays.
        await mine.EvaluateAsync("li => { li.dataset.drawnBefore = 'true'; dispatchEvent(new Event('online')); }");
        var redrawn = punchPage.Locator($"#punches li[data-punch-id='{first}']:not([data-drawn-before])");
        await Expect(redrawn).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(redrawn.Locator("textarea[name=text]")).ToHaveValueAsync(Explanation, new() { Timeout = 30_000 });
        await Expect(redrawn.Locator(".count")).ToHaveTextAsync($"{Explanation.Length}/200", new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(punchPage, "20-punch-explaining-phone");
        await mine.Locator("button[type=submit]").ClickAsync();
        await Expect(mine.Locator(".line.mine")).ToHaveTextAsync($"我的说明：{Explanation}", new() { Timeout = 60_000 });
        await Expect(mine.Locator(".explain-open")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        var stored = await OwnPunchAsync("wangfang", first);
        stored.GetProperty("review").GetProperty("explanation").GetString().Should().Be(Explanation);

        // The supervisor at desktop width: both waiting, with findings, the explanation and the photo.
        await using var desk = await ContextAsync(1280, 800);
        var deskPage = await desk.NewPageAsync();
        await LoginAsync(deskPage, "/punch/review", "zhangwei", "张伟");
        await Expect(deskPage.Locator("#home")).ToHaveAttributeAsync("data-loaded", "true", Slow);
        await Expect(deskPage.Locator(".review-item")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(deskPage.Locator("#list-status")).ToHaveTextAsync("2 条待复核", new() { Timeout = 30_000 });
        var card = deskPage.Locator($".review-item[data-punch-id='{first}']");
        await Expect(card.Locator(".person")).ToContainTextAsync("王芳", new() { Timeout = 30_000 });
        await Expect(card.Locator(".review-findings li[data-code=SUSPICIOUS_FIX]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(card.Locator(".explanation .text")).ToHaveTextAsync(Explanation, new() { Timeout = 30_000 });
        await Expect(card.Locator(".review-info")).ToContainTextAsync("上海总部", new() { Timeout = 30_000 });
        await Expect(deskPage.Locator($".review-item[data-punch-id='{second}'] .explanation .text")).ToHaveTextAsync("员工暂未说明", new() { Timeout = 30_000 });
        await ExpectPhotoShownAsync(deskPage, card);
        await fixture.ScreenshotAsync(deskPage, "21-review-pending-desktop");

        // The supervisor on a phone: approves the first, rejects the second (a reason is required).
        await using var phone = await ContextAsync(390, 844);
        var reviewPage = await phone.NewPageAsync();
        await LoginAsync(reviewPage, "/punch/review", "zhangwei", "张伟");
        var approve = reviewPage.Locator($".review-item[data-punch-id='{first}']");
        var reject = reviewPage.Locator($".review-item[data-punch-id='{second}']");
        await ExpectPhotoShownAsync(reviewPage, approve);
        (await reviewPage.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue();
        await fixture.ScreenshotAsync(reviewPage, "22-review-pending-phone");

        await approve.Locator("button.approve").ClickAsync();
        await Expect(approve).ToHaveAttributeAsync("data-review", "approved", Slow);
        await Expect(approve.Locator(".review-head .tag")).ToHaveTextAsync("已通过", new() { Timeout = 30_000 });
        await Expect(approve.Locator(".outcome")).ToContainTextAsync("复核人：张伟（zhangwei）", new() { Timeout = 30_000 });

        await reject.Locator("button.reject").ClickAsync();
        await reject.Locator("button.confirm-reject").ClickAsync();
        await Expect(reject.Locator(".decide .error")).ToHaveTextAsync("驳回须写明原因", new() { Timeout = 30_000 });
        await reject.Locator("textarea[name=reason]").FillAsync(RejectReason);
        await fixture.ScreenshotAsync(reviewPage, "23-review-rejecting-phone");
        await reject.Locator("button.confirm-reject").ClickAsync();
        await Expect(reject).ToHaveAttributeAsync("data-review", "rejected", Slow);
        await Expect(reject.Locator(".outcome-title")).ToHaveTextAsync($"已驳回（原因：{RejectReason}）", new() { Timeout = 30_000 });
        await Expect(reviewPage.Locator("#list-status")).ToHaveTextAsync("已全部处理，刷新后不再显示", new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(reviewPage, "24-review-decided-phone");

        // Nothing waits any more; 已处理 shows both decisions, newest first.
        await deskPage.ReloadAsync();
        await Expect(deskPage.Locator("#list-status")).ToHaveTextAsync("没有待复核的打卡", new() { Timeout = 60_000 });
        await Expect(deskPage.Locator(".review-item")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(deskPage, "25-review-empty-desktop");
        await deskPage.ClickAsync("#tab-decided");
        await Expect(deskPage.Locator("#home")).ToHaveAttributeAsync("data-state", "decided", new() { Timeout = 30_000 });
        await Expect(deskPage.Locator(".review-item")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Expect(deskPage.Locator(".review-item").First).ToHaveAttributeAsync("data-punch-id", second.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        await ExpectPhotoShownAsync(deskPage, deskPage.Locator($".review-item[data-punch-id='{first}']"));
        await fixture.ScreenshotAsync(deskPage, "26-review-decided-desktop");

        // The employee's page after a reload: 已通过 and 已驳回 with the reason.
        await punchPage.ReloadAsync();
        await Expect(mine).ToHaveAttributeAsync("data-review", "approved", Slow);
        await Expect(mine.Locator(".tag")).ToHaveTextAsync("已通过", new() { Timeout = 30_000 });
        var rejected = punchPage.Locator($"#punches li[data-punch-id='{second}']");
        await Expect(rejected).ToHaveAttributeAsync("data-review", "rejected", new() { Timeout = 30_000 });
        await Expect(rejected.Locator(".tag")).ToHaveTextAsync("已驳回", new() { Timeout = 30_000 });
        await Expect(rejected.Locator(".line.bad")).ToHaveTextAsync($"已驳回（原因：{RejectReason}）", new() { Timeout = 30_000 });
        await Expect(punchPage.Locator("#punches .explain-open")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        (await punchPage.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue();
        await fixture.ScreenshotAsync(punchPage, "27-punch-reviewed-phone");
        await punchPage.SetViewportSizeAsync(1280, 800);
        await Expect(rejected.Locator(".line.bad")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(punchPage, "27-punch-reviewed-desktop");

        (await OwnPunchAsync("wangfang", first)).GetProperty("review").GetProperty("state").GetString().Should().Be("approved");
        var decided = (await OwnPunchAsync("wangfang", second)).GetProperty("review");
        decided.GetProperty("state").GetString().Should().Be("rejected");
        decided.GetProperty("reason").GetString().Should().Be(RejectReason);
    }

    [Fact]
    public async Task An_employee_who_reviews_nobody_is_told_so()
    {
        Chromium.Require();
        await using var context = await ContextAsync(390, 844);
        var page = await context.NewPageAsync();
        await LoginAsync(page, "/punch/review", "liuyang", "刘洋", "28-review-login-phone");
        await Expect(page.Locator("#home")).ToHaveAttributeAsync("data-loaded", "403", Slow);
        await Expect(page.Locator("#list-error")).ToHaveTextAsync("无权限：仅主管、人事或管理员可以复核打卡", new() { Timeout = 30_000 });
        await Expect(page.Locator("#tabs")).ToBeHiddenAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator(".review-item")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await fixture.ScreenshotAsync(page, "29-review-forbidden-phone");
    }

    [Fact]
    public async Task Inside_WeCom_the_review_page_signs_in_by_OAuth_and_comes_back_to_itself()
    {
        Chromium.Require();
        fixture.WeCom.AddMemberCode("wecom-review-code-1", "chenjing");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            UserAgent = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 wxwork/4.1.30",
        });
        string? redirect = null;
        // Stands in for WeCom's authorize page: straight back to the page that asked, with a code the fake WeCom knows.
        await context.RouteAsync("https://open.weixin.qq.com/**", async route =>
        {
            var query = System.Web.HttpUtility.ParseQueryString(new Uri(route.Request.Url).Query);
            redirect = query["redirect_uri"];
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 302,
                Headers = new Dictionary<string, string> { ["Location"] = $"{redirect}?code=wecom-review-code-1&state={query["state"]}" },
            });
        });

        var page = await context.NewPageAsync();
        await page.GotoAsync("/punch/review");
        await Expect(page.Locator("#home")).ToHaveAttributeAsync("data-loaded", "true", Slow);
        await Expect(page.Locator("#who")).ToContainTextAsync("陈静", new() { Timeout = 30_000 });
        redirect.Should().Be(new Uri(fixture.Host.BaseAddress, "/punch/review").ToString());
        new Uri(page.Url).PathAndQuery.Should().Be("/punch/review");
    }

    /// <summary>The photo is on screen, came from a blob URL, and that URL was revoked once the image had loaded.</summary>
    private static async Task ExpectPhotoShownAsync(IPage page, ILocator card)
    {
        var figure = card.Locator("figure.photo");
        await figure.ScrollIntoViewIfNeededAsync();
        await Expect(figure).ToHaveAttributeAsync("data-photo", "shown", Slow);
        var image = figure.Locator("img");
        (await image.EvaluateAsync<int>("img => img.naturalWidth")).Should().BeGreaterThan(0);
        var src = await image.GetAttributeAsync("src");
        src.Should().StartWith("blob:");
        (await page.EvaluateAsync<bool>("async src => { try { await fetch(src); return false; } catch { return true; } }", src)).Should().BeTrue();
    }

    private Task<IBrowserContext> ContextAsync(int width, int height) => fixture.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = fixture.Host.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = width, Height = height },
        IsMobile = width < 600,
        HasTouch = width < 600,
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
    });

    private async Task LoginAsync(IPage page, string path, string userId, string name, string? screenshot = null)
    {
        await page.GotoAsync(path);
        await Expect(page.Locator("#dev-login")).ToBeVisibleAsync(Visible);
        if (screenshot is not null)
        {
            await fixture.ScreenshotAsync(page, screenshot);
        }

        await page.FillAsync("#dev-login [name=userId]", userId);
        await page.ClickAsync("#dev-login button[type=submit]");
        await Expect(page.Locator("#home")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("#who")).ToContainTextAsync(name, new() { Timeout = 60_000 });
    }

    /// <summary>A photo punch at the demo office with a fix of accuracy 0 (SUSPICIOUS_FIX): stored, in review.</summary>
    private async Task<long> FlaggedPunchAsync(string userId, double northMeters)
    {
        var office = PunchPageFixture.Office;
        var punch = new
        {
            clientPunchId = Guid.NewGuid().ToString(),
            kind = "auto",
            location = new
            {
                latitude = Math.Round(office.Latitude + (northMeters / 111_320.0), 6),
                longitude = office.Longitude,
                accuracy = 0,
                coordinateSystem = "gcj02",
            },
            deviceId = "browser-test-" + userId,
        };
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(JsonSerializer.Serialize(punch), Encoding.UTF8, "application/json"), "punch");
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "face.jpg")));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "photo", "photo.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/punches") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await fixture.TokenAsync(userId));
        using var response = await fixture.Host.Client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.GetRawText());
        body.GetProperty("verdict").GetString().Should().Be("review");
        body.GetProperty("findings").EnumerateArray().Should().Contain(f => f.GetProperty("code").GetString() == "SUSPICIOUS_FIX");
        body.GetProperty("hasPhoto").GetBoolean().Should().BeTrue();
        return body.GetProperty("punchId").GetInt64();
    }

    private async Task<JsonElement> OwnPunchAsync(string userId, long punchId)
    {
        var token = await fixture.TokenAsync(userId);
        var date = (await fixture.GetAsync("/api/me/today", token)).GetProperty("date").GetString();
        return (await fixture.GetAsync($"/api/me/punches?date={date}", token)).EnumerateArray()
            .Single(p => p.GetProperty("punchId").GetInt64() == punchId);
    }

    /// <summary>
    /// Opens a punch's 说明情况 form as a person would: click, and click again if the form did not open. The list can be
    /// drawn again (a flush, a refresh) between Playwright finding the button and its click landing, and a click that
    /// lands on the old list is lost, as it would be for a person.
    /// </summary>
    private static Task<bool> OpenExplanationAsync(ILocator punch) =>
        Attendance.Testing.Waiting.Eventually.UntilAsync(async () =>
        {
            var open = punch.Locator(".explain-open");
            if (await open.IsVisibleAsync())
            {
                await open.ClickAsync(new() { Timeout = 5_000 });
            }

            return await punch.Locator("textarea[name=text]").IsVisibleAsync();
        }, visible => visible, TimeSpan.FromSeconds(30), "the explanation form open");
}
