using Attendance.BotHost.Tests;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// The console's set-up pages (打卡地点, 班次, 日历, 部门) in Chromium against the real host started with
/// <c>--demo</c>: HR creates a site and a shift through the forms alone (a refused shift keeps what was typed and says
/// beside the field what is wrong), adds and removes a calendar override; what the API stored is what was typed.
/// </summary>
public sealed class ConsoleSetupBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveCountOptions Count = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveValueOptions Value = new() { Timeout = 60_000 };

    private static async Task<IPage> OpenAsync(IBrowserContext context, string pageId)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin#/" + pageId);
        await page.GetByLabel("管理密钥").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        return page;
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var answer = await fixture.Host.AdminAsync(HttpMethod.Get, path);
        var text = await answer.Content.ReadAsStringAsync();
        answer.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static ILocator Input(IPage page, string path) => page.Locator($"form [data-field='{path}']");

    private static ILocator ErrorFor(IPage page, string path) => page.Locator($"form [data-error-for='{path}']");

    [Fact]
    public async Task Hr_sets_up_a_site_and_a_shift_and_a_calendar_override_through_the_forms()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 900);
        var page = await OpenAsync(context, "sites");

        // 打卡地点: a circle fence entered in WGS-84, one Wi-Fi access point, photos required.
        await page.GetByRole(AriaRole.Button, new() { Name = "新建打卡地点" }).ClickAsync();
        await Input(page, "id").FillAsync("branch-e2e");
        await Input(page, "name").FillAsync("浦东分部");
        await Input(page, "coordinateSystem").SelectOptionAsync("wgs84");
        await Input(page, "circle.latitude").FillAsync("31.2304");
        await Input(page, "circle.longitude").FillAsync("121.4737");
        await Input(page, "circle.radiusMeters").FillAsync("250");
        await page.GetByRole(AriaRole.Button, new() { Name = "添加 Wi-Fi" }).ClickAsync();
        await Input(page, "wifi[0].ssid").FillAsync("Branch-Office");
        await Input(page, "wifi[0].bssid").FillAsync("AA-BB-CC-DD-EE-01");
        await Input(page, "outOfRange").SelectOptionAsync("field");
        await Input(page, "requirePhoto").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("[role='status']")).ToContainTextAsync("已创建：浦东分部", Text);
        await Expect(page.Locator("tr[data-site-id='branch-e2e']")).ToContainTextAsync("Branch-Office", Text);

        var site = await GetAsync("/api/admin/sites/branch-e2e");
        site.GetProperty("name").GetString().Should().Be("浦东分部");
        site.GetProperty("enteredAs").GetString().Should().Be("wgs84");
        site.GetProperty("circle").GetProperty("radiusMeters").GetDouble().Should().Be(250);
        // Stored in GCJ-02: Shanghai's WGS-84 point moves a few hundred metres east and south.
        site.GetProperty("circle").GetProperty("longitude").GetDouble().Should().BeInRange(121.4737 + 0.003, 121.4737 + 0.006);
        site.GetProperty("wifi")[0].GetProperty("bssid").GetString().Should().Be("aa:bb:cc:dd:ee:01");
        site.GetProperty("wifi")[0].GetProperty("ssid").GetString().Should().Be("Branch-Office");
        site.GetProperty("outOfRange").GetString().Should().Be("field");
        site.GetProperty("requirePhoto").GetBoolean().Should().BeTrue();

        // 班次: a new shift starts as 09:00–18:00; a bad start time and a negative grace are refused beside their fields.
        await page.GetByRole(AriaRole.Link, new() { Name = "班次" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "新建班次" }).ClickAsync();
        await Expect(Input(page, "segments[0].start")).ToHaveValueAsync("09:00", Value);
        await Expect(Input(page, "segments[0].end")).ToHaveValueAsync("18:00", Value);
        await Input(page, "id").FillAsync("early-e2e");
        await Input(page, "name").FillAsync("早班");
        await Input(page, "segments[0].start").FillAsync("25:00");
        await Input(page, "segments[0].end").FillAsync("16:30");
        await Input(page, "lateGraceMinutes").FillAsync("-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(ErrorFor(page, "segments[0].start")).ToContainTextAsync("请按 HH:mm 填写时间", Text);
        await Expect(ErrorFor(page, "lateGraceMinutes")).ToContainTextAsync("须在 0 到 240 分钟之间", Text);
        await Expect(Input(page, "lateGraceMinutes")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Input(page, "segments[0].start")).ToHaveValueAsync("25:00", Value);
        await Expect(Input(page, "segments[0].end")).ToHaveValueAsync("16:30", Value);
        await Expect(Input(page, "lateGraceMinutes")).ToHaveValueAsync("-5", Value);
        await Expect(Input(page, "name")).ToHaveValueAsync("早班", Value);
        await fixture.ScreenshotAsync(page, "console-shifts-refused-1280", fullPage: true);
        (await fixture.Host.AdminAsync(HttpMethod.Get, "/api/admin/shifts/early-e2e")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        await Input(page, "segments[0].start").FillAsync("07:30");
        await Input(page, "lateGraceMinutes").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("[role='status']")).ToContainTextAsync("已创建：早班", Text);
        await Expect(page.Locator("tr[data-shift-id='early-e2e']")).ToContainTextAsync("07:30–16:30", Text);

        var shift = await GetAsync("/api/admin/shifts/early-e2e");
        shift.GetProperty("name").GetString().Should().Be("早班");
        shift.GetProperty("segments")[0].GetProperty("start").GetString().Should().Be("07:30");
        shift.GetProperty("segments")[0].GetProperty("end").GetString().Should().Be("16:30");
        shift.GetProperty("lateGraceMinutes").GetInt32().Should().Be(5);
        shift.GetProperty("restBreak").GetProperty("start").GetString().Should().Be("12:00");
        shift.GetProperty("requireCheckOut").GetBoolean().Should().BeTrue();

        // 日历: a company holiday on an ordinary weekday, then removed again.
        await page.GetByRole(AriaRole.Link, new() { Name = "日历" }).ClickAsync();
        await Input(page, "date").FillAsync("2026-11-20");
        await Input(page, "kind").SelectOptionAsync("holiday");
        await Input(page, "name").FillAsync("公司年会");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存调整" }).ClickAsync();
        var row = page.Locator("tr[data-date='2026-11-20']");
        await Expect(row).ToContainTextAsync("公司调整", Text);
        await Expect(row).ToContainTextAsync("公司年会", Text);
        var year = await GetAsync("/api/admin/calendar?year=2026");
        year.EnumerateArray().Should().Contain(e => e.GetProperty("date").GetString() == "2026-11-20"
            && e.GetProperty("kind").GetString() == "holiday" && e.GetProperty("name").GetString() == "公司年会"
            && e.GetProperty("source").GetString() == "override");

        await row.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "确定删除" }).ClickAsync();
        await Expect(page.Locator("tr[data-date='2026-11-20']")).ToHaveCountAsync(0, Count);
        (await GetAsync("/api/admin/calendar?year=2026")).EnumerateArray().Should().NotContain(e => e.GetProperty("date").GetString() == "2026-11-20");

        // 部门: new leaders for a department with a robot key; the masked key sent back unchanged keeps the stored one.
        var departments = fixture.Host.Services.GetRequiredService<Attendance.Data.Repositories.DepartmentRepository>();
        var before = (await departments.GetAsync(2))!;
        before.Digest.RobotKey.Should().NotBeNullOrEmpty();
        await page.GetByRole(AriaRole.Link, new() { Name = "部门" }).ClickAsync();
        await page.Locator("tr[data-department-id='2']").GetByRole(AriaRole.Button, new() { Name = "编辑" }).ClickAsync();
        await Expect(Input(page, "digest.robotKey")).ToHaveValueAsync("***" + before.Digest.RobotKey![^4..], Value);
        await Input(page, "leaderUserIds").FillAsync("zhangwei，lina");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(page.Locator("[role='status']")).ToContainTextAsync("已保存：" + before.Name, Text);
        var after = (await departments.GetAsync(2))!;
        after.LeaderUserIds.Should().Equal("lina", "zhangwei");
        after.Digest.Should().Be(before.Digest);
    }

    /// <summary>
    /// 地图选点 as it runs with <c>Console:TencentMapKey</c> (the CSP switch itself is tested in BotHost's
    /// AdminConsoleMapPickerTests): the config names the picker, the console's policy allows its frame, and a stand-in
    /// for Tencent's picker, served as https://mapapi.qq.com by the browser's router (no internet), posts a point.
    /// </summary>
    [Fact]
    public async Task With_a_map_key_the_picked_point_fills_the_centre_and_other_origins_are_ignored()
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(1280, 900);
        const string Origin = "https://mapapi.qq.com";
        const string PickerUrl = Origin + "/web/mapComponents/locationPicker/v/index.html?search=1&type=1&key=TESTK-EY000-00000-00000-00000-00000&referer=attendance-console";
        await context.RouteAsync("**/api/admin/console/config", route => route.FulfillAsync(new()
        {
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { tencentMapKey = "TESTK-EY000-00000-00000-00000-00000", mapPickerUrl = PickerUrl, mapPickerOrigin = Origin }),
        }));
        await context.RouteAsync("**/admin", async route =>
        {
            var real = await route.FetchAsync();
            var headers = new Dictionary<string, string>(real.Headers) { ["content-security-policy"] = real.Headers["content-security-policy"] + "; frame-src " + Origin };
            await route.FulfillAsync(new() { Response = real, Headers = headers });
        });
        // The stand-in for the picker's page; the test makes it post what Tencent's picker posts once a place is chosen.
        await context.RouteAsync(Origin + "/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = "<!doctype html><title>picker</title><body>picker</body>",
        }));

        var page = await OpenAsync(context, "sites");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建打卡地点" }).ClickAsync();
        await Input(page, "coordinateSystem").SelectOptionAsync("wgs84");
        await page.GetByRole(AriaRole.Button, new() { Name = "地图选点" }).ClickAsync();
        var frame = page.FrameLocator("iframe.map-frame");
        await Expect(frame.Locator("body")).ToContainTextAsync("picker", Text);

        // A message from any other origin (here the console's own) is ignored: had it been taken, its name would have
        // filled the empty 名称 and the picker's would not have replaced it. Messages to one window arrive in order.
        await page.EvaluateAsync("window.postMessage({ module: 'locationPicker', latlng: { lat: 1, lng: 2 }, poiname: '伪造' }, '*')");
        var picker = page.Frames.Single(f => f.Url.StartsWith(Origin, StringComparison.Ordinal));
        await picker.EvaluateAsync("parent.postMessage({ module: 'locationPicker', latlng: { lat: 31.22114, lng: 121.54409 }, poiname: '测试大厦', poiaddress: '上海市浦东新区' }, '*')");

        await Expect(Input(page, "circle.latitude")).ToHaveValueAsync("31.22114", Value);
        await Expect(Input(page, "circle.longitude")).ToHaveValueAsync("121.54409", Value);
        await Expect(Input(page, "coordinateSystem")).ToHaveValueAsync("gcj02", Value);
        await Expect(Input(page, "name")).ToHaveValueAsync("测试大厦", Value);
        await Expect(page.Locator("iframe.map-frame")).ToHaveCountAsync(0, Count);
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(768, 1024)]
    public async Task Screenshots_of_the_set_up_pages(int width, int height)
    {
        Chromium.Require();
        await using var context = await fixture.ContextAsync(width, height);
        var page = await OpenAsync(context, "sites");
        await Expect(page.Locator("tr[data-site-id]").First).ToBeVisibleAsync(Visible);
        await page.GetByRole(AriaRole.Button, new() { Name = "编辑" }).First.ClickAsync();
        await Expect(page.Locator("form[data-form='sites']")).ToBeVisibleAsync(Visible);
        await Shot(page, $"console-sites-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "班次" }).ClickAsync();
        await Expect(page.Locator("tr[data-shift-id]").First).ToBeVisibleAsync(Visible);
        await page.GetByRole(AriaRole.Button, new() { Name = "新建班次" }).ClickAsync();
        await Shot(page, $"console-shifts-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "日历" }).ClickAsync();
        await Expect(page.Locator("tr[data-date]").First).ToBeVisibleAsync(Visible);
        await Shot(page, $"console-calendar-{width}");

        await page.GetByRole(AriaRole.Link, new() { Name = "部门" }).ClickAsync();
        await Expect(page.Locator("tr[data-department-id]").First).ToBeVisibleAsync(Visible);
        await Shot(page, $"console-departments-{width}");
    }

    private async Task Shot(IPage page, string name)
    {
        // Nothing wider than the window: tables scroll inside their panels, the page itself does not.
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).Should().BeTrue(name);
        // Clicking 编辑 may have scrolled a wide table sideways inside its panel: show its start, as a reader would.
        await page.EvaluateAsync("document.querySelectorAll('.table-wrap').forEach(w => { w.scrollLeft = 0; })");
        await fixture.ScreenshotAsync(page, name, fullPage: true);
    }
}
