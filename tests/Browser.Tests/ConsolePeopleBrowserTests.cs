using System.Net.Http.Headers;
using System.Net.Http.Json;
using Attendance.BotHost.Demo;
using Attendance.BotHost.Tests;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The HR console's 待复核, 员工 and 审计 pages in Chromium against the real host started with <c>--demo</c>. Every
/// person they touch is a throwaway employee created through the API here, so no demo person other tests use is
/// decided on or erased.
/// </summary>
public sealed class ConsolePeopleBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions Attribute = new() { Timeout = 60_000 };

    private static async Task<IPage> SignInAsync(IBrowserContext context, string fragment)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin#/" + fragment);
        await page.GetByLabel("管理密钥").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        return page;
    }

    private async Task<JsonElement> AdminJsonAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await fixture.Host.AdminAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A new employee in 王芳's departments, made through the admin API.</summary>
    private async Task ThrowawayAsync(string userId, string name)
    {
        var wangfang = await AdminJsonAsync(HttpMethod.Get, "/api/admin/employees/wangfang", null, HttpStatusCode.OK);
        await AdminJsonAsync(HttpMethod.Put, "/api/admin/employees/" + userId,
            new { name, departmentIds = wangfang.GetProperty("departmentIds"), active = true }, HttpStatusCode.Created);
    }

    /// <summary>A photo punch at the demo office with a fix of accuracy 0 from a new device: stored, in review.</summary>
    private async Task<long> FlaggedPunchAsync(string userId)
    {
        using var login = await fixture.Host.Client.PostAsJsonAsync("/api/sessions/dev", new { userId });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var punch = new
        {
            clientPunchId = Guid.NewGuid().ToString(),
            kind = "auto",
            location = new { latitude = DemoSeeder.OfficeGcj02.Latitude + 0.0001, longitude = DemoSeeder.OfficeGcj02.Longitude, accuracy = 0, coordinateSystem = "gcj02" },
            deviceId = "console-test-" + Guid.NewGuid().ToString("N"),
        };
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(JsonSerializer.Serialize(punch), Encoding.UTF8, "application/json"), "punch");
        var photo = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "face.jpg")));
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "photo", "photo.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/punches") { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await fixture.Host.Client.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.GetRawText());
        body.GetProperty("verdict").GetString().Should().Be("review");
        body.GetProperty("hasPhoto").GetBoolean().Should().BeTrue();
        return body.GetProperty("punchId").GetInt64();
    }

    [Fact]
    public async Task Hr_sees_a_flagged_punch_with_its_photo_approves_it_and_it_leaves_the_queue_approved_and_audited()
    {
        Chromium.Require();
        await ThrowawayAsync("console-review-01", "复核测试");
        var punchId = await FlaggedPunchAsync("console-review-01");
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context, "reviews");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "待复核", Exact = true })).ToBeVisibleAsync(Visible);
        var card = page.Locator($"article[data-punch-id='{punchId}']");
        await Expect(card).ToBeVisibleAsync(Visible);
        await Expect(card.Locator("h3")).ToContainTextAsync("复核测试", Text);
        await Expect(card.Locator(".review-place")).ToContainTextAsync("米", Text);
        await Expect(card.Locator(".review-findings li").First).ToBeVisibleAsync(Visible);
        await Expect(card.Locator("figure")).ToHaveAttributeAsync("data-photo", "shown", Attribute);
        (await card.Locator("figure img").GetAttributeAsync("src")).Should().StartWith("blob:");
        (await card.Locator("figure img").EvaluateAsync<int>("img => img.naturalWidth")).Should().BeGreaterThan(0);

        await card.GetByLabel("备注").FillAsync("照片与本人一致");
        await card.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0, Count);

        var decided = await AdminJsonAsync(HttpMethod.Get, "/api/admin/punches?state=decided", null, HttpStatusCode.OK);
        var item = decided.EnumerateArray().Single(i => i.GetProperty("punchId").GetInt64() == punchId);
        item.GetProperty("review").GetProperty("state").GetString().Should().Be("approved");
        item.GetProperty("review").GetProperty("reason").GetString().Should().Be("照片与本人一致");
        var audit = await AdminJsonAsync(HttpMethod.Get, $"/api/admin/audit?entityType=punch&entityId={punchId}&action=punch.decide", null, HttpStatusCode.OK);
        audit.EnumerateArray().Should().ContainSingle();

        // Under 已处理 it shows decided, without buttons.
        await page.GetByRole(AriaRole.Tab, new() { Name = "已处理" }).ClickAsync();
        var done = page.Locator($"article[data-punch-id='{punchId}']");
        await Expect(done).ToHaveAttributeAsync("data-review", "approved", Attribute);
        await Expect(done.GetByRole(AriaRole.Button, new() { Name = "通过" })).ToHaveCountAsync(0, Count);
    }

    [Fact]
    public async Task Rejecting_without_a_note_is_refused_beside_the_note_and_what_was_typed_elsewhere_stays()
    {
        Chromium.Require();
        await ThrowawayAsync("console-review-02", "驳回测试");
        var punchId = await FlaggedPunchAsync("console-review-02");
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context, "reviews");
        var card = page.Locator($"article[data-punch-id='{punchId}']");
        await Expect(card).ToBeVisibleAsync(Visible);

        // The API requires a reason to reject: its message goes under the note, the card stays.
        await card.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(card.Locator("[data-error-for='reason']")).ToBeVisibleAsync(Visible);
        await Expect(card.GetByLabel("备注")).ToHaveAttributeAsync("aria-invalid", "true", Attribute);
        await Expect(card.Locator(".form-actions .form-error")).ToBeVisibleAsync(Visible);
        await fixture.ScreenshotAsync(page, "console-review-refused-1280");

        await card.GetByLabel("备注").FillAsync("不在打卡地点");
        await card.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(card).ToHaveCountAsync(0, Count);
        var all = await AdminJsonAsync(HttpMethod.Get, "/api/admin/punches?state=decided", null, HttpStatusCode.OK);
        all.EnumerateArray().Single(i => i.GetProperty("punchId").GetInt64() == punchId).GetProperty("review").GetProperty("state").GetString()
            .Should().Be("rejected");
    }

    [Fact]
    public async Task Hr_opens_a_person_sees_face_and_consents_and_the_erasure_waits_for_the_typed_userid()
    {
        Chromium.Require();
        await ThrowawayAsync("console-erase-01", "删除测试");
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await SignInAsync(context, "employees");

        await page.GetByLabel("搜索").FillAsync("console-erase");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        var row = page.Locator("tr[data-user-id='console-erase-01']");
        await Expect(row).ToBeVisibleAsync(Visible);
        await Expect(page.Locator("tr[data-user-id]")).ToHaveCountAsync(1, Count);
        await row.GetByRole(AriaRole.Button, new() { Name = "详情" }).ClickAsync();

        var detail = page.Locator(".employee-detail");
        await Expect(detail.Locator("[data-face]")).ToHaveAttributeAsync("data-face", "none", Attribute);
        await Expect(detail.Locator("[data-face]")).ToContainTextAsync("未录入", Text);
        await Expect(detail.Locator("[data-consent='face']")).ToContainTextAsync("未作答", Text);
        await Expect(detail.Locator("[data-consent='location']")).ToContainTextAsync("未作答", Text);

        // Roles: HR is added, the rest of the record stays as it was.
        await detail.GetByLabel("人事").CheckAsync();
        await detail.GetByRole(AriaRole.Button, new() { Name = "保存角色" }).ClickAsync();
        await Expect(detail.Locator("[data-saved]")).ToContainTextAsync("人事", Text);
        var saved = await AdminJsonAsync(HttpMethod.Get, "/api/admin/employees/console-erase-01", null, HttpStatusCode.OK);
        saved.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain("hr");
        saved.GetProperty("name").GetString().Should().Be("删除测试");

        var erase = detail.GetByRole(AriaRole.Button, new() { Name = "永久删除个人数据" });
        await Expect(erase).ToBeDisabledAsync(new() { Timeout = 60_000 });
        var confirm = detail.GetByLabel("请输入账号 console-erase-01 以确认");
        await confirm.FillAsync("console-erase-0");
        await Expect(erase).ToBeDisabledAsync(new() { Timeout = 60_000 });
        await confirm.FillAsync("wangfang");
        await Expect(erase).ToBeDisabledAsync(new() { Timeout = 60_000 });
        await confirm.FillAsync("console-erase-01");
        await Expect(erase).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await fixture.ScreenshotAsync(page, "console-employee-erase-1280", fullPage: true);
        await erase.ClickAsync();

        await Expect(detail.Locator(".erase [role='status']")).ToContainTextAsync("已删除", Text);
        await AdminJsonAsync(HttpMethod.Get, "/api/admin/employees/console-erase-01", null, HttpStatusCode.NotFound);
        (await AdminJsonAsync(HttpMethod.Get, "/api/admin/employees/wangfang", null, HttpStatusCode.OK)).GetProperty("active").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(768, 1024)]
    public async Task Screenshots_of_the_review_employee_and_audit_pages(int width, int height)
    {
        Chromium.Require();
        var userId = $"console-shot-{width}";
        await ThrowawayAsync(userId, "截图员工");
        var punchId = await FlaggedPunchAsync(userId);
        await using var context = await fixture.ContextAsync(width, height);
        var page = await SignInAsync(context, "reviews");
        await Expect(page.Locator($"article[data-punch-id='{punchId}'] figure")).ToHaveAttributeAsync("data-photo", "shown", Attribute);
        await NothingWiderThanTheWindowAsync(page);
        await fixture.ScreenshotAsync(page, $"console-reviews-{width}", fullPage: true);

        await page.GetByRole(AriaRole.Link, new() { Name = "员工" }).ClickAsync();
        await Expect(page.Locator("tr[data-user-id='wangfang']")).ToBeVisibleAsync(Visible);
        await page.Locator($"tr[data-user-id='wangfang']").GetByRole(AriaRole.Button, new() { Name = "详情" }).ClickAsync();
        await Expect(page.Locator(".employee-detail [data-face]")).ToBeVisibleAsync(Visible);
        await Expect(page.Locator(".employee-detail [data-consents]")).ToBeVisibleAsync(Visible);
        await NothingWiderThanTheWindowAsync(page);
        await fixture.ScreenshotAsync(page, $"console-employees-{width}", fullPage: true);

        await page.GetByRole(AriaRole.Link, new() { Name = "审计" }).ClickAsync();
        await page.GetByLabel("对象类型").FillAsync("employee");
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page.Locator("tr[data-audit-id]").First).ToBeVisibleAsync(Visible);
        await Expect(page.Locator(".audit-details").First).ToBeVisibleAsync(Visible);
        await NothingWiderThanTheWindowAsync(page);
        await fixture.ScreenshotAsync(page, $"console-audit-{width}", fullPage: true);

        // A refused search keeps what was typed and says beside the field what is wrong.
        await page.GetByLabel("操作", new() { Exact = true }).FillAsync(new string('x', 65));
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page.Locator("[data-error-for='action']")).ToBeVisibleAsync(Visible);
        await Expect(page.GetByLabel("操作", new() { Exact = true })).ToHaveValueAsync(new string('x', 65), new() { Timeout = 60_000 });
    }

    private static async Task NothingWiderThanTheWindowAsync(IPage page) =>
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue();
}
