using System.Net.Http.Headers;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>
/// A host with a small company: one department per site policy, all sites on the demo fence at People's Square
/// (GCJ-02 31.230416,121.473701, radius 300 m), employees logged in through the dev login.
/// </summary>
public sealed class PunchTestBed : IAsyncDisposable
{
    public const double SiteLatitude = 31.230416;
    public const double SiteLongitude = 121.473701;
    public const string SiteBssid = "AA-BB-CC-DD-EE-01";

    /// <summary>department id → (site id, policy, require photo, wifi)</summary>
    private static readonly (long Department, string Site, string Policy, bool Photo, bool Wifi)[] Layout =
    [
        (10, "hq-exception", "exception", false, false),
        (11, "hq-field", "field", false, false),
        (12, "hq-forbid", "forbid", false, true),
        (13, "hq-photo", "exception", true, false),
    ];

    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private int _jitter;

    private PunchTestBed(TestHost host) => Host = host;

    public TestHost Host { get; }

    public static async Task<PunchTestBed> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, params string[] extraArgs)
    {
        var host = await TestHost.StartAsync(provider, false, ["--Security:DevLogin=true", .. extraArgs]);
        var bed = new PunchTestBed(host);
        await bed.SeedAsync();
        return bed;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    public string PhotoRoot => Path.GetFullPath(Host.Args.Single(a => a.StartsWith("--Attendance:PhotoRoot=", StringComparison.Ordinal)).Split('=', 2)[1]);

    /// <summary>A session for the employee <c>u{department}</c>-style id (see <see cref="SeedAsync"/>).</summary>
    public async Task<string> TokenAsync(string userId)
    {
        if (_tokens.TryGetValue(userId, out var token))
        {
            return token;
        }

        var response = await Host.Client.SendAsync(Host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId }));
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(body);
        return _tokens[userId] = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>Coordinates near the site centre, north by <paramref name="metres"/>, each call unique in the sixth decimal
    /// so that honest punches never repeat a fix exactly.</summary>
    public (double Latitude, double Longitude) North(double metres)
    {
        var n = Interlocked.Increment(ref _jitter);
        return (Math.Round(SiteLatitude + (metres / 111_195.0) + (n * 3e-6), 6), Math.Round(SiteLongitude + (n * 3e-6), 6));
    }

    public static object Body(string id, double? latitude, double? longitude, double? accuracy = 15, string coordinateSystem = "gcj02",
        string kind = "in", string? bssid = null, string? deviceId = null, string? deviceTime = null) => new Dictionary<string, object?>
    {
        ["clientPunchId"] = id,
        ["deviceTime"] = deviceTime,
        ["kind"] = kind,
        ["location"] = latitude is null ? null : new { latitude, longitude, accuracy, coordinateSystem },
        ["wifi"] = bssid is null ? null : new { ssid = "HQ", bssid },
        ["deviceId"] = deviceId,
    };

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostAsync(string userId, object body)
    {
        var token = await TokenAsync(userId);
        return await SendAsync(Host.Request(HttpMethod.Post, "/api/punches", body, token));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> PostMultipartAsync(string userId, object punch,
        byte[]? photo, string photoType = "image/jpeg")
    {
        var content = new MultipartFormDataContent();
        content.Add(new StringContent(JsonSerializer.Serialize(punch, TestHost.Json), Encoding.UTF8, "application/json"), "punch");
        if (photo is not null)
        {
            var part = new ByteArrayContent(photo);
            part.Headers.ContentType = new MediaTypeHeaderValue(photoType);
            content.Add(part, "photo", "photo.jpg");
        }

        return await SendAsync(Host.Request(HttpMethod.Post, "/api/punches", content, await TokenAsync(userId)));
    }

    public async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await Host.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json, response);
    }

    public static string[] Codes(JsonElement punch) =>
        [.. punch.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!)];

    public static string Text(JsonElement e) => e.GetRawText();

    private async Task SeedAsync()
    {
        await Put("/api/admin/employees/boss", new { name = "周经理", departmentIds = new[] { 1 }, directLeaderUserIds = Array.Empty<string>(), active = true, roles = new[] { "employee" } });
        await Put("/api/admin/departments/1", new { name = "总部", leaderUserIds = new[] { "boss" } });
        foreach (var (department, site, policy, photo, wifi) in Layout)
        {
            await Put($"/api/admin/departments/{department}", new { name = $"部门{department}", parentId = 1, leaderUserIds = new[] { "boss" } });
            await Put($"/api/admin/sites/{site}", new
            {
                name = "上海总部",
                coordinateSystem = "gcj02",
                circle = new { latitude = SiteLatitude, longitude = SiteLongitude, radiusMeters = 300 },
                wifi = wifi ? new[] { new { ssid = "HQ", bssid = SiteBssid } } : [],
                departmentIds = new[] { department },
                outOfRange = policy,
                requirePhoto = photo,
                requireFace = false,
            });
        }

        // u10a, u10b, ... : employees of department 10 with boss as direct leader; u11a... without (department leaders).
        foreach (var (department, _, _, _, _) in Layout)
        {
            foreach (var suffix in new[] { "a", "b", "c" })
            {
                await Put(string.Create(CultureInfo.InvariantCulture, $"/api/admin/employees/u{department}{suffix}"), new
                {
                    name = $"员工{department}{suffix}",
                    departmentIds = new[] { department },
                    directLeaderUserIds = department == 10 ? new[] { "boss" } : [],
                    active = true,
                    roles = new[] { "employee" },
                });
            }
        }
    }

    private async Task Put(string path, object body)
    {
        var response = await Host.AdminAsync(HttpMethod.Put, path, body);
        response.IsSuccessStatusCode.Should().BeTrue(path + ": " + await response.Content.ReadAsStringAsync());
    }
}
