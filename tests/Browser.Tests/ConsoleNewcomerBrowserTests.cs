using Attendance.BotHost.Tests;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// Issue 21's "done when", as a newcomer does it under <c>--demo</c>, in the console alone: sign in as the demo's HR
/// (李娜, by the development sign-in), set up a site and a shift, roster someone onto the shift, and read the monthly
/// report; what the API then holds is what was done on the pages.
/// </summary>
public sealed class ConsoleNewcomerBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveValueOptions Value = new() { Timeout = 60_000 };

    private static ILocator Input(IPage page, string path) => page.Locator($"form [data-field='{path}']");

    private async Task<JsonElement> GetAsync(string path)
    {
        using var answer = await fixture.Host.AdminAsync(HttpMethod.Get, path);
        var text = await answer.Content.ReadAsStringAsync();
        answer.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task A_newcomer_sets_up_a_site_a_shift_and_a_roster_and_reads_the_monthly_report_in_the_console_alone()
    {
        Chromium.Require();
        var today = (await GetAsync("/api/admin/session")).GetProperty("today").GetString()!;
        await using var context = await fixture.ContextAsync(1280, 900);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");

        await page.GetByRole(AriaRole.Button, new() { Name = "登录为李娜" }).ClickAsync();
        await Expect(page.Locator("#who")).ToContainTextAsync("李娜（人事）", Text);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今日", Exact = true, Level = 1 })).ToBeVisibleAsync(Visible);

        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "打卡地点" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建打卡地点" }).ClickAsync();
        await Input(page, "id").FillAsync("newcomer-office");
        await Input(page, "name").FillAsync("新办公室");
        await Input(page, "circle.latitude").FillAsync("31.2304");
        await Input(page, "circle.longitude").FillAsync("121.4737");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("[role='status']")).ToContainTextAsync("已创建：新办公室", Text);

        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "班次" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建班次" }).ClickAsync();
        await Expect(Input(page, "segments[0].start")).ToHaveValueAsync("09:00", Value);
        await Input(page, "id").FillAsync("newcomer-day");
        await Input(page, "name").FillAsync("新人白班");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("[role='status']")).ToContainTextAsync("已创建：新人白班", Text);

        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "排班" }).ClickAsync();
        var cell = page.Locator($"tr[data-user='wangfang'] td[data-date='{today}'] select");
        await Expect(cell).ToBeVisibleAsync(Visible);
        await cell.SelectOptionAsync("newcomer-day");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(page.Locator(".roster-result")).ToContainTextAsync("已保存", Text);
        await Expect(cell).ToHaveValueAsync("newcomer-day", Value);

        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = "月报" }).ClickAsync();
        await Expect(page.Locator("tr[data-user='wangfang']")).ToBeVisibleAsync(Visible);
        await fixture.ScreenshotAsync(page, "console-newcomer-monthly-1280", fullPage: true);

        (await GetAsync("/api/admin/sites/newcomer-office")).GetProperty("name").GetString().Should().Be("新办公室");
        (await GetAsync("/api/admin/shifts/newcomer-day")).GetProperty("segments")[0].GetProperty("end").GetString().Should().Be("18:00");
        var assignments = await GetAsync("/api/admin/assignments?userId=wangfang");
        assignments.EnumerateArray().Should().Contain(a => a.GetProperty("shiftId").GetString() == "newcomer-day"
            && a.GetProperty("from").GetString() == today && a.GetProperty("to").GetString() == today);
        // Every change was audited under 李娜's name.
        var audit = await GetAsync("/api/admin/audit?actor=user:lina&limit=100");
        audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).Should().Contain(["site.create", "shift.create", "roster.cells", "assignment.create", "report.monthly"]);
    }
}
