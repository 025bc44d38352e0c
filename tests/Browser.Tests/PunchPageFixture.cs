using Attendance.Testing.WeCom;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Attendance.BotHost.Demo;
using Attendance.BotHost.Tests;
using Attendance.WeCom.Simulator;
using Attendance.Rules.Geo;

namespace Attendance.Browser.Tests;

/// <summary>
/// The real host started as with <c>--demo</c> (demo company, dev login on) and pointed at the fake WeCom (so OAuth
/// and the JS-SDK signatures work), plus what the demo lacks for these tests: a shift for everyone and a site that
/// requires a photo (for 行政人事部 only); and Chromium with a fake camera playing a face.
/// </summary>
public sealed class PunchPageFixture : IAsyncLifetime
{
    public const string PhotoSiteId = "pudong-photo";

    /// <summary>The photo site's centre, GCJ-02 (Lujiazui, about 2.6 km from the demo office).</summary>
    public static readonly GeoPoint PhotoSiteGcj02 = new(31.239700, 121.499800);

    private IPlaywright? _playwright;
    private string? _video;

    public TestHost Host { get; private set; } = null!;

    public WeComSimulator WeCom { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public bool HasChromium => File.Exists(Chromium.ExecutablePath);

    public async ValueTask InitializeAsync()
    {
        WeCom = await WeComSimulator.StartAsync();
        Host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, true,
            [.. WeCom.HostArgs(), "--Demo:History=false"]);
        await SeedAsync();
        if (!HasChromium)
        {
            return;
        }

        Directory.CreateDirectory(Screenshots);
        // One file per fixture: the test classes (each with its own fixture) start in parallel.
        _video = FakeCamera.WriteY4m(Path.Combine(AppContext.BaseDirectory, "Fixtures", "face.jpg"),
            Path.Combine(Path.GetTempPath(), $"attendance-face-{Guid.NewGuid():N}.y4m"));
        (_playwright, Browser) = await Chromium.LaunchAsync(_video);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_video is not null)
        {
            File.Delete(_video);
        }

        await Host.DisposeAsync();
        await WeCom.DisposeAsync();
    }

    /// <summary>A WGS-84 fix (what a browser reports) at <paramref name="northMeters"/> north of a GCJ-02 point.</summary>
    public static GeoPoint BrowserFix(GeoPoint gcj02, double northMeters = 0, double eastMeters = 0)
    {
        var moved = new GeoPoint(gcj02.Latitude + (northMeters / 111_320.0),
            gcj02.Longitude + (eastMeters / (111_320.0 * Math.Cos(gcj02.Latitude * Math.PI / 180))));
        return ChinaDatum.Gcj02ToWgs84(moved);
    }

    public async Task<string> TokenAsync(string userId)
    {
        using var response = await Host.Client.PostAsJsonAsync("/api/sessions/dev", new { userId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task<JsonElement> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Host.Client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        return path;
    }

    private async Task SeedAsync()
    {
        await PutAsync($"/api/admin/sites/{PhotoSiteId}", new
        {
            name = "浦东办公室（需拍照）",
            coordinateSystem = "gcj02",
            circle = new { latitude = PhotoSiteGcj02.Latitude, longitude = PhotoSiteGcj02.Longitude, radiusMeters = 200 },
            wifi = Array.Empty<object>(),
            departmentIds = new[] { 3 },
            outOfRange = "exception",
            requirePhoto = true,
            requireFace = false,
        });
        await PutAsync("/api/admin/shifts/standard", new
        {
            name = "标准班",
            segments = new[] { new { start = "09:00", end = "18:00" } },
            checkInOpensMinutesBefore = 120,
            checkOutClosesMinutesAfter = 240,
            lateGraceMinutes = 5,
            earlyLeaveGraceMinutes = 0,
            seriousLateMinutes = 30,
            absentLateMinutes = 240,
            flexibleMinutes = 0,
            requireCheckOut = true,
        });
        // The demo's own roster follows the calendar (no weekends); the page tests must see a shift on any day they run.
        using (var existing = await Host.AdminAsync(HttpMethod.Get, "/api/admin/assignments?departmentId=1"))
        {
            foreach (var a in System.Text.Json.JsonDocument.Parse(await existing.Content.ReadAsStringAsync()).RootElement.EnumerateArray())
            {
                using var removed = await Host.AdminAsync(HttpMethod.Delete, $"/api/admin/assignments/{a.GetProperty("id").GetInt64()}");
                removed.IsSuccessStatusCode.Should().BeTrue(await removed.Content.ReadAsStringAsync());
            }
        }

        using var assignment = await Host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { departmentId = 1, shiftId = "standard", from = "2025-01-01", weekdays = new[] { 1, 2, 3, 4, 5, 6, 7 } });
        assignment.IsSuccessStatusCode.Should().BeTrue(await assignment.Content.ReadAsStringAsync());
    }

    private async Task PutAsync(string path, object body)
    {
        using var response = await Host.AdminAsync(HttpMethod.Put, path, body);
        response.IsSuccessStatusCode.Should().BeTrue($"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Demo office centre, for tests that want the fence.</summary>
    public static GeoPoint Office => DemoSeeder.OfficeGcj02;
}
