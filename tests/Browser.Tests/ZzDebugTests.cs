using Attendance.BotHost.Tests;
namespace Attendance.Browser.Tests;
public sealed class ZzDebugTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    [Fact]
    public async Task Debug()
    {
        await using var context = await fixture.ContextAsync(1280, 800);
        var page = await context.NewPageAsync();
        var log = new List<string>();
        page.Console += (_, m) => log.Add("console: " + m.Text);
        page.PageError += (_, e) => log.Add("pageerror: " + e);
        await page.GotoAsync("/admin#/jobs");
        await page.GetByLabel("管理密钥").FillAsync(TestHost.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录", Exact = true }).ClickAsync();
        await Task.Delay(5000);
        log.Add("html: " + (await page.Locator("#nav").InnerHTMLAsync()));
        log.Add("err: " + (await page.Locator("#signin-error").InnerTextAsync()));
        log.Add("shell hidden: " + (await page.Locator("#shell").GetAttributeAsync("hidden")));
        Assert.Fail(string.Join("\n", log));
    }
}
