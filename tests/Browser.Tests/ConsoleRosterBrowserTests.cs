using Attendance.BotHost.Demo;
using Attendance.BotHost.Tests;
using Attendance.Data.Schedule;
using MiniExcelLibs;
using static Microsoft.Playwright.Assertions;

namespace Attendance.Browser.Tests;

/// <summary>
/// 排班 in Chromium against the demo host: HR imports a month's roster from an xlsx in the layout HR uses (工号, 姓名,
/// one column per date) where one cell names a shift that does not exist; the page names that cell (row, column,
/// reason), the grid shows the imported shifts as the person's own roster, and the rest is stored.
/// </summary>
public sealed class ConsoleRosterBrowserTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToContainTextOptions Text = new() { Timeout = 60_000 };
    private static readonly LocatorAssertionsToHaveValueOptions Value = new() { Timeout = 60_000 };

    private static async Task<IPage> OpenRosterAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/admin");
        await page.GetByLabel("管理密钥").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "排班" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "排班表", Exact = true })).ToBeVisibleAsync(Visible);
        return page;
    }

    /// <summary>The month the page opens on: the browser's (Asia/Shanghai) current month.</summary>
    private static DateOnly ThisMonth()
    {
        var now = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return new DateOnly(now.Year, now.Month, 1);
    }

    private static byte[] Sheet(DateOnly month, params (string UserId, string Name, Dictionary<int, string> Cells)[] people)
    {
        var days = DateTime.DaysInMonth(month.Year, month.Month);
        var rows = people.Select(p =>
        {
            var line = new Dictionary<string, object?>(StringComparer.Ordinal) { ["工号"] = p.UserId, ["姓名"] = p.Name };
            for (var d = 1; d <= days; d++)
            {
                line[month.AddDays(d - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] = p.Cells.GetValueOrDefault(d);
            }

            return line;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows);
        return stream.ToArray();
    }

    private static string Date(DateOnly month, int day) => month.AddDays(day - 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task ImportAsync(IPage page, byte[] sheet, bool dryRun)
    {
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "排班.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = sheet,
        });
        await page.GetByLabel("仅检查，不保存").SetCheckedAsync(dryRun);
        await page.GetByRole(AriaRole.Button, new() { Name = "导入 Excel" }).ClickAsync();
    }

    [Fact]
    public async Task Hr_imports_a_roster_sheet_sees_the_refused_cell_named_and_the_imported_shifts_in_the_grid()
    {
        Chromium.Require();
        (await fixture.Host.AdminAsync(HttpMethod.Put, "/api/admin/shifts/late",
            new { name = "晚班", segments = new[] { new { start = "14:00", end = "22:00" } } })).IsSuccessStatusCode.Should().BeTrue();
        var month = ThisMonth();
        var first = DemoPeople.All[0];
        var second = DemoPeople.All[1];
        // Row 2: the first person works 晚班 on the 20th and 21st. Row 3: 夜班 on the 22nd (column X) is no shift; 晚班 on the
        // 23rd. Late in the month, clear of the holidays early in a month (元旦, 劳动节, 国庆).
        var sheet = Sheet(month,
            (first.UserId, first.Name, new() { [20] = "晚班", [21] = "晚班" }),
            (second.UserId, second.Name, new() { [22] = "夜班", [23] = "晚班" }));

        await using var context = await fixture.ContextAsync(1280, 900);
        var page = await OpenRosterAsync(context);
        var firstRow = page.Locator($"tr[data-user='{first.UserId}']");
        await Expect(firstRow).ToBeVisibleAsync(Visible);
        await fixture.ScreenshotAsync(page, "console-roster-1280");

        await ImportAsync(page, sheet, dryRun: false);

        var refused = page.Locator("tr[data-cell='X3']");
        await Expect(refused).ToBeVisibleAsync(Visible);
        await Expect(refused).ToContainTextAsync(Date(month, 22), Text);
        await Expect(refused).ToContainTextAsync("未知班次", Text);
        await Expect(refused).ToContainTextAsync("夜班", Text);
        await Expect(page.Locator(".roster-result")).ToContainTextAsync("已修改 3 格", Text);
        await Expect(page.Locator(".roster-refused tbody tr")).ToHaveCountAsync(1);

        // The grid is read again: the imported cells are the person's own 晚班.
        var imported = firstRow.Locator($"td[data-date='{Date(month, 20)}']");
        await Expect(imported.Locator("select")).ToHaveValueAsync("late", Value);
        await Expect(imported).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bperson\\b"));
        await Expect(page.Locator($"tr[data-user='{second.UserId}'] td[data-date='{Date(month, 23)}'] select")).ToHaveValueAsync("late", Value);
        // The grid scrolled to the imported dates, the page to the result.
        await imported.ScrollIntoViewIfNeededAsync();
        await page.Locator(".roster-result").ScrollIntoViewIfNeededAsync();
        await fixture.ScreenshotAsync(page, "console-roster-import-1280");

        // Stored: the valid cells as each person's own assignments; the refused one nowhere.
        var assignments = fixture.Host.Services.GetRequiredService<AssignmentRepository>();
        (await assignments.ListAsync(first.UserId)).Select(a => (a.ShiftId, a.From, a.To))
            .Should().ContainSingle().Which.Should().Be(("late", month.AddDays(19), (DateOnly?)month.AddDays(20)));
        (await assignments.ListAsync(second.UserId)).Select(a => (a.ShiftId, a.From, a.To))
            .Should().ContainSingle().Which.Should().Be(("late", month.AddDays(22), (DateOnly?)month.AddDays(22)));

        // A tablet: the grid scrolls inside its panel; the same file checked again names the same cell and changes nothing.
        await using var tablet = await fixture.ContextAsync(768, 1024);
        var small = await OpenRosterAsync(tablet);
        await Expect(small.Locator($"tr[data-user='{first.UserId}']")).ToBeVisibleAsync(Visible);
        await fixture.ScreenshotAsync(small, "console-roster-768");
        await ImportAsync(small, sheet, dryRun: true);
        await Expect(small.Locator("tr[data-cell='X3']")).ToContainTextAsync("未知班次", Text);
        await Expect(small.Locator(".roster-result")).ToContainTextAsync("将修改 0 格", Text);
        await small.Locator(".roster-result").ScrollIntoViewIfNeededAsync();
        await fixture.ScreenshotAsync(small, "console-roster-import-768");
        (await assignments.ListAsync(first.UserId)).Should().ContainSingle();

        // A cell changed in the grid and saved: the 20th becomes 休, the 21st keeps its 晚班.
        var cell = small.Locator($"tr[data-user='{first.UserId}'] td[data-date='{Date(month, 20)}']");
        await cell.Locator("select").SelectOptionAsync("__rest");
        await Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bchanged\\b"));
        await small.GetByRole(AriaRole.Button, new() { Name = "保存修改" }).ClickAsync();
        await Expect(small.Locator(".roster-result")).ToContainTextAsync("已保存：修改 1 格", Text);
        await Expect(small.Locator($"tr[data-user='{first.UserId}'] td[data-date='{Date(month, 20)}'] select")).ToHaveValueAsync("__rest", Value);
        (await assignments.ListAsync(first.UserId)).OrderBy(a => a.From).Select(a => (a.ShiftId, a.From, a.To)).Should().Equal(
            (null, month.AddDays(19), (DateOnly?)month.AddDays(19)),
            ("late", month.AddDays(20), month.AddDays(20)));
    }
}
