using Attendance.BotHost.Demo;
using Attendance.BotHost.Tests;
using Attendance.Data.Outbox;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The HR console (<c>/admin</c>) in Chromium against the real host started with <c>--demo</c>: sign-in with the
/// admin key, and 任务与消息, where a message WeCom refused for good (81013: the recipient was not in WeCom's
/// directory yet) is retried once the directory knows them, leaves the parked tab and is sent.
/// </summary>
public sealed class ConsoleBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };

    private static async Task<IPage> SignInAsync(IBrowserContext context, string key)
    {
        var page = await context.NewPageAsync();
        // Straight to 任务与消息 after sign-in (the console opens on 今日 otherwise).
        await page.GotoAsync("/admin#/jobs");
        await page.GetByLabel("管理密钥").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        return page;
    }

    /// <summary>A message to someone WeCom does not know: the host's sender parks it on 81013.</summary>
    private async Task<OutboxRow> ParkedRowAsync(string userId)
    {
        var dedupe = $"console-test:{userId}:{Guid.NewGuid():N}";
        var outbox = fixture.Host.Services.GetRequiredService<OutboxRepository>();
        (await outbox.EnqueueAsync(new OutboxMessage(OutboxChannels.App, userId, JsonSerializer.Serialize(new { touser = userId, msgtype = "text", text = new { content = "欢迎加入，请完成人脸录入" } }), dedupe))).Should().BeTrue();
        return await RowAsync(dedupe, OutboxStates.Parked);
    }

    private async Task<OutboxRow> RowAsync(string dedupeKey, string state)
    {
        var outbox = fixture.Host.Services.GetRequiredService<OutboxRepository>();
        var rows = await Eventually.UntilAsync(() => outbox.ListAsync(state, 500, 0), rs => rs.Any(r => r.DedupeKey == dedupeKey),
            TimeSpan.FromSeconds(60), $"outbox row {dedupeKey} {state}");
        return rows.Single(r => r.DedupeKey == dedupeKey);
    }

    [Fact]
    public async Task Hr_retries_a_parked_message_and_it_leaves_the_parked_tab_and_is_sent()
    {
        Chromium.Require();
        var parked = await ParkedRowAsync("newhire01");
        parked.LastError.Should().Contain("81013");
        await using var context = await fixture.ContextAsync(1280, 800);

        var page = await SignInAsync(context, TestHost.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "任务与消息" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "任务与消息", Exact = true })).ToBeVisibleAsync(Visible);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "已搁置" })).ToHaveAttributeAsync("aria-selected", "true");
        var row = page.Locator($"tr[data-outbox-id='{parked.Id}']");
        await Expect(row).ToBeVisibleAsync(Visible);
        await Expect(row.Locator(".last-error")).ToContainTextAsync("81013", Text);

        // The directory now knows the new hire, so WeCom takes the message this time.
        fixture.Host.Services.GetRequiredService<DemoWeCom>().Simulator.AddUser(new SimulatedUser("newhire01", "新同事", [1]));
        await row.GetByRole(AriaRole.Button, new() { Name = "重试" }).ClickAsync();

        await Expect(row).ToHaveCountAsync(0, Count);
        var sent = await RowAsync(parked.DedupeKey, OutboxStates.Sent);
        sent.Attempts.Should().Be(1);
        await page.GetByRole(AriaRole.Tab, new() { Name = "已发送" }).ClickAsync();
        await Expect(page.Locator($"tr[data-outbox-id='{parked.Id}']")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator($"tr[data-outbox-id='{parked.Id}'] button")).ToHaveCountAsync(0, Count);
        // The 81013 of the first attempt is history now, not shown as an error.
        await Expect(page.Locator($"tr[data-outbox-id='{parked.Id}'] .last-error")).ToContainTextAsync("发送前曾失败", Text);
        await Expect(page.Locator($"tr[data-outbox-id='{parked.Id}'] .last-error .error")).ToHaveCountAsync(0, Count);
    }

    [Fact]
    public async Task A_retry_someone_else_already_made_is_refused_beside_the_button_in_chinese()
    {
        Chromium.Require();
        var parked = await ParkedRowAsync("newhire02");
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context, TestHost.AdminKey);
        var row = page.Locator($"tr[data-outbox-id='{parked.Id}']");
        await Expect(row).ToBeVisibleAsync(Visible);

        // Another HR user retries it first (WeCom now knows the person, so it is sent or about to be).
        fixture.Host.Services.GetRequiredService<DemoWeCom>().Simulator.AddUser(new SimulatedUser("newhire02", "新同事二", [1]));
        using var first = await fixture.Host.AdminAsync(HttpMethod.Post, $"/api/admin/outbox/{parked.Id}/retry");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        await row.GetByRole(AriaRole.Button, new() { Name = "重试" }).ClickAsync();

        // 该消息仍在等待发送，无需重试 or 该消息已发送，重试会重复发送, depending on how fast the sender was.
        var note = row.Locator(".note[role='alert']");
        await Expect(note).ToContainTextAsync("该消息", Text);
        await Expect(note).ToContainTextAsync("重试", Text);
        await fixture.ScreenshotAsync(page, "console-retry-refused-1280");
    }

    [Fact]
    public async Task Hr_runs_a_job_now_and_sees_its_counts_beside_the_button()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context, TestHost.AdminKey);
        var job = page.Locator("tr[data-job='finalize-days']");
        await Expect(job).ToContainTextAsync("日结", Text);

        await job.GetByRole(AriaRole.Button, new() { Name = "立即运行" }).ClickAsync();

        await Expect(job.Locator(".note")).ToContainTextAsync("已完成", Text);
        await Expect(job.Locator(".note")).ToContainTextAsync("已计算", Text);
        await Expect(job.Locator(".badge")).ToContainTextAsync("成功", Text);
    }

    [Fact]
    public async Task A_wrong_admin_key_is_refused_in_chinese_and_the_console_stays_closed()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);

        var page = await SignInAsync(context, "not-the-admin-key-0123456789");

        await Expect(page.Locator("#signin-error")).ToContainTextAsync("管理密钥不正确", Text);
        await Expect(page.Locator("#shell")).ToBeHiddenAsync();
        (await page.EvaluateAsync<string?>("sessionStorage.getItem('attendance.credential')")).Should().BeNull();
        await fixture.ScreenshotAsync(page, "console-signin-refused-1280");
    }

    [Fact]
    public async Task Every_page_the_issue_plans_opens_from_the_navigation_without_an_error()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context, TestHost.AdminKey);
        string[] pages = ["今日", "待复核", "补卡审批", "考勤明细", "月报", "员工", "部门", "打卡地点", "班次", "排班", "日历", "任务与消息", "审计"];
        (await page.Locator("#nav a").AllInnerTextsAsync()).Select(t => t.Trim()).Should().Equal(pages);

        foreach (var name in pages)
        {
            await page.Locator("#nav a", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + name + "$") }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 })).ToBeVisibleAsync(Visible);
            await Expect(page.Locator("#nav a[aria-current='page']")).ToHaveTextAsync(name);
            // Each page read what it shows from the API without a refusal.
            await Expect(page.Locator("#page .hint", new() { HasText = "正在加载" })).ToHaveCountAsync(0, Count);
            await Expect(page.Locator("#page [role='alert']:visible")).ToHaveCountAsync(0, Count);
        }
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task Screenshots_of_the_sign_in_and_the_jobs_page(int width, int height)
    {
        Chromium.Require();
        await ParkedRowAsync($"nobody{width}");
        // A run, so the picture shows a job's last run as well as the ones never run yet.
        using var run = await fixture.Host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger");
        run.StatusCode.Should().Be(HttpStatusCode.OK);
        await using var context = await fixture.ContextAsync(width, height);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin#/jobs");
        await Expect(page.GetByLabel("管理密钥")).ToBeVisibleAsync(Visible);
        await fixture.ScreenshotAsync(page, $"console-signin-{width}");

        await page.GetByLabel("管理密钥").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        // The console opens on 今日; the jobs are one click away.
        await page.GetByRole(AriaRole.Link, new() { Name = "任务与消息" }).ClickAsync();
        await Expect(page.Locator("tr[data-job='digest']")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("tr[data-outbox-id]").First).ToBeVisibleAsync(Visible);
        // Nothing wider than the window: the tables scroll inside their panels, the page itself does not.
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue();
        await fixture.ScreenshotAsync(page, $"console-jobs-{width}", fullPage: true);
    }
}
