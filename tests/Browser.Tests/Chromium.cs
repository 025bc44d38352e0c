
namespace Attendance.Browser.Tests;

/// <summary>
/// Debian's Chromium, driven by Playwright's bundled driver; a browser is never downloaded. Missing Chromium skips
/// locally and fails under CI=true (where .ci/run installs it).
/// </summary>
public static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static string ExecutablePath => Environment.GetEnvironmentVariable("ATTENDANCE_CHROMIUM") is { Length: > 0 } p ? p : DefaultPath;

    public static void Require()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        var reason = $"Chromium not found at {ExecutablePath}: install Debian's chromium (apt-get install -y chromium) or set ATTENDANCE_CHROMIUM.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync(string fakeVideo)
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                $"--use-file-for-fake-video-capture={fakeVideo}",
            ],
        });
        return (playwright, browser);
    }

    /// <summary>A phone-sized context at 360×740 in Shanghai, with location and camera allowed.</summary>
    public static Task<IBrowserContext> PhoneAsync(IBrowser browser, Uri baseAddress, double latitude, double longitude) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            Permissions = ["geolocation", "camera"],
            Geolocation = new Geolocation { Latitude = (float)latitude, Longitude = (float)longitude, Accuracy = 10 },
        });
}
