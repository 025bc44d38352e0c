using Attendance.BotHost.Tests;

namespace Attendance.Browser.Tests;

/// <summary>
/// The real host started as <c>dotnet run -- --demo</c> would (<see cref="HostProgram.Build"/> and
/// <see cref="HostProgram.PrepareAsync"/> with demo on) over a temporary SQLite file, with WeCom not configured: the
/// host stands its own WeCom simulator in, and <c>/demo</c> shows what it received. Plus headless Chromium.
/// </summary>
public sealed class DemoFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public TestHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where the browser tests keep their screenshots (the same folder as the punch page's).</summary>
    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        Host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, demo: true);
        if (!File.Exists(Chromium.ExecutablePath))
        {
            return;
        }

        Directory.CreateDirectory(Screenshots);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.ExecutablePath, Headless = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    public Task<IBrowserContext> ContextAsync(int width, int height) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = Host.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = width, Height = height },
        IsMobile = width < 600,
        HasTouch = width < 600,
        Locale = "zh-CN",
        TimezoneId = "Asia/Shanghai",
        AcceptDownloads = true,
    });

    public async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }
}
