using Attendance.BotHost.Tests;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The console's attendance pages (今日, 补卡审批, 考勤明细, 月报) in Chromium against the demo host: HR downloads the
/// monthly report as xlsx and it opens with the demo people and the month; HR approves 王芳's 补卡; 张伟, who leads
/// 研发部, signs in with his session token and sees 研发部 only, 行政人事部 neither offered nor answered.
/// </summary>
public sealed class ConsoleReportsBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };
    private static readonly string[] Rd = ["张伟", "王芳", "刘洋"];
    private static readonly string[] Hr = ["陈静", "李娜"];

    private static async Task<IPage> SignInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await page.GetByLabel("管理密钥").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今日", Exact = true })).ToBeVisibleAsync(Visible);
        return page;
    }

    private async Task<string> TokenAsync(string userId)
    {
        using var response = await fixture.Host.Client.SendAsync(fixture.Host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId }));
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task OpenAsync(IPage page, string label)
    {
        await page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = label }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = label, Exact = true })).ToBeVisibleAsync(Visible);
    }

    [Fact]
    public async Task Hr_downloads_the_monthly_report_as_xlsx_and_approves_a_correction()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context);

        await OpenAsync(page, "月报");
        await Expect(page.Locator("tr[data-user='wangfang']")).ToBeVisibleAsync(Visible);
        var month = await page.GetByLabel("月份").InputValueAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载 Excel (xlsx)" }).ClickAsync());
        download.SuggestedFilename.Should().Be($"attendance-{month}.xlsx");
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(file);
        try
        {
            var sheets = MiniExcel.GetSheetNames(file);
            sheets.Should().Contain(["研发部", "行政人事部"]);
            var rows = sheets.SelectMany(s => MiniExcel.Query(file, useHeaderRow: true, sheetName: s).Cast<IDictionary<string, object>>()).ToList();
            rows.Select(r => r["姓名"]?.ToString()).Should().Contain(Rd).And.Contain(Hr);
            rows.Select(r => r["工号"]?.ToString()).Should().Contain("wangfang");
        }
        finally
        {
            File.Delete(file);
        }

        // 考勤明细: a range the API refuses (over 62 days) is said beside 结束日期, and what was typed stays.
        await OpenAsync(page, "考勤明细");
        await page.GetByLabel("开始日期").FillAsync("2026-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page.Locator("[data-error-for='to']")).ToContainTextAsync("62", Text);
        (await page.GetByLabel("开始日期").InputValueAsync()).Should().Be("2026-01-01");

        // 王芳 asks for a 补卡 of yesterday from her own session; HR approves it on 补卡审批.
        var yesterday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date.AddDays(-1);
        var wangfang = await TokenAsync("wangfang");
        using var asked = await fixture.Host.Client.SendAsync(fixture.Host.Request(HttpMethod.Post, "/api/me/corrections",
            new { date = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = "out", time = "18:05", reason = "下班忘记打卡" }, wangfang));
        var created = await asked.Content.ReadAsStringAsync();
        asked.StatusCode.Should().Be(HttpStatusCode.Created, created);
        var id = JsonDocument.Parse(created).RootElement.GetProperty("id").GetInt64();

        await OpenAsync(page, "补卡审批");
        var row = page.Locator($"tr[data-correction-id='{id}']");
        await Expect(row).ToContainTextAsync("下班忘记打卡", Text);
        await Expect(row).ToContainTextAsync("王芳", Text);
        await row.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 60_000 });
        await page.GetByRole(AriaRole.Tab, new() { Name = "已通过" }).ClickAsync();
        await Expect(page.Locator($"tr[data-correction-id='{id}']")).ToContainTextAsync("已通过", Text);
        await Expect(page.Locator($"tr[data-correction-id='{id}'] button")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_supervisor_sees_only_their_department_and_another_is_refused()
    {
        Chromium.Require();
        var token = await TokenAsync("zhangwei");
        await using var context = await fixture.ContextAsync(1280, 800);
        // The credential the console keeps, whatever its kind: here 张伟's session token (his WeCom sign-in stands in).
        await context.AddInitScriptAsync($"sessionStorage.setItem('attendance.credential', {JsonSerializer.Serialize(token)});");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今日", Exact = true })).ToBeVisibleAsync(Visible);
        await Expect(page.Locator(".who")).ToContainTextAsync("张伟", Text);
        (await page.Locator("#nav a").AllInnerTextsAsync()).Select(t => t.Split('\n')[0].Trim()).Should().Equal("今日", "待复核", "补卡审批", "考勤明细", "月报");

        // 今日: one department, 研发部, and its people behind the numbers.
        await Expect(page.Locator("tr[data-department='2']")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("tr[data-department]")).ToHaveCountAsync(1);
        (await page.Locator("#page").InnerTextAsync()).Should().NotContain("行政人事部");
        await page.Locator("tr[data-department='2'] [data-count='expected']").ClickAsync();
        await Expect(page.Locator("#people-title")).ToContainTextAsync("研发部", Text);
        var listed = await page.Locator("section[aria-labelledby='people-title'] tbody tr").AllInnerTextsAsync();
        string.Join("\n", listed).Should().NotContainAny(Hr);
        await fixture.ScreenshotAsync(page, "console-supervisor-today-1280", fullPage: true);

        // 考勤明细: only 研发部 is offered, and only its people are listed.
        await OpenAsync(page, "考勤明细");
        (await page.GetByLabel("部门").Locator("option").AllInnerTextsAsync()).Should().Equal("我负责的全部", "研发部");
        await Expect(page.Locator("tr[data-user='wangfang']").First).ToBeVisibleAsync(Visible);
        (await page.Locator("tr[data-user]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.user)"))
            .Distinct().Should().BeSubsetOf(["zhangwei", "wangfang", "liuyang"]);

        // 月报: the same people; 行政人事部's report is refused by the API (not answered with an empty table).
        await OpenAsync(page, "月报");
        await Expect(page.Locator("tr[data-user='liuyang']")).ToBeVisibleAsync(Visible);
        (await page.Locator("tr[data-user]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.user)"))
            .Should().BeEquivalentTo(["zhangwei", "wangfang", "liuyang"]);
        (await page.GetByLabel("部门").Locator("option").AllInnerTextsAsync()).Should().NotContain("行政人事部");
        var refused = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const auth = { Authorization: 'Bearer ' + sessionStorage.getItem('attendance.credential') };
              const report = await fetch('/api/admin/reports/monthly?month=' + document.getElementById('f-month').value + '&departmentId=3', { headers: auth });
              const days = await fetch('/api/admin/days?date=' + new Date().toISOString().slice(0, 10) + '&departmentId=3', { headers: auth });
              const jobs = await fetch('/api/admin/jobs', { headers: auth });
              return { report: report.status, detail: (await report.json()).detail, days: days.status, jobs: jobs.status };
            }
            """);
        (refused.GetProperty("report").GetInt32(), refused.GetProperty("days").GetInt32(), refused.GetProperty("jobs").GetInt32())
            .Should().Be((403, 403, 403));
        refused.GetProperty("detail").GetString().Should().Be("无权限：您只能查看自己负责的部门");
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task Screenshots_of_the_attendance_pages(int width, int height)
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(width, height);
        var page = await SignInAsync(context);
        // Yesterday: the demo's history has punches then; at the time tests run today may have none yet.
        var yesterday = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date.AddDays(-1);
        await page.GetByLabel("日期").FillAsync(yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "刷新" }).ClickAsync();
        await Expect(page.Locator("#today-title")).ToContainTextAsync(yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text);
        await Expect(page.Locator("tr[data-department]").First).ToBeVisibleAsync(Visible);
        await page.Locator("tr[data-department='2'] [data-count='expected']").ClickAsync();
        await Expect(page.Locator("#people-title")).ToBeVisibleAsync(Visible);
        await ShotAsync(page, $"console-today-{width}");

        await OpenAsync(page, "补卡审批");
        await page.GetByRole(AriaRole.Tab, new() { Name = "全部" }).ClickAsync();
        await Expect(page.Locator("[role=tabpanel] table, [role=tabpanel] .empty").First).ToBeVisibleAsync(Visible);
        await ShotAsync(page, $"console-corrections-{width}");

        await OpenAsync(page, "考勤明细");
        await Expect(page.Locator("tr[data-user]").First).ToBeVisibleAsync(Visible);
        // A range and a department: the last three days of 研发部 (today included).
        await page.GetByLabel("开始日期").FillAsync(yesterday.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("部门").SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page.Locator("tr[data-date]").Nth(3)).ToBeVisibleAsync(Visible);
        await ShotAsync(page, $"console-days-{width}");

        await OpenAsync(page, "月报");
        await Expect(page.Locator("tr[data-user]").First).ToBeVisibleAsync(Visible);
        await ShotAsync(page, $"console-monthly-{width}");
    }

    private async Task ShotAsync(IPage page, string name)
    {
        // Nothing wider than the window: wide tables scroll inside their panels.
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue(name);
        await fixture.ScreenshotAsync(page, name, fullPage: true);
    }
}
