using System.Net.Http.Headers;
using Attendance.BotHost.Tests.Punching;
using Attendance.Testing.FaceModels;
using Dapper;

namespace Attendance.BotHost.Tests.Face;

/// <summary>
/// The punch test bed plus department 20 whose site <c>hq-face</c> requires a face; employees f20a, f20b, f20c
/// (leader boss). The model pack comes from <see cref="FaceModelDirectory"/> unless the caller points elsewhere.
/// </summary>
public sealed class FaceTestBed : IAsyncDisposable
{
    private FaceTestBed(PunchTestBed punches) => Punches = punches;

    public PunchTestBed Punches { get; }

    public TestHost Host => Punches.Host;

    public static async Task<FaceTestBed> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, string? modelDirectory = null,
        params string[] extraArgs)
    {
        var directory = modelDirectory ?? FaceModelDirectory.Require();
        var bed = new FaceTestBed(await PunchTestBed.StartAsync(provider,
            [$"--Face:ModelDirectory={directory}", "--Punching:PerUserPerMinute=1000", "--Face:ConsentNoticeVersion=test-notice-3", .. extraArgs]));
        await bed.SeedAsync();
        return bed;
    }

    public ValueTask DisposeAsync() => Punches.DisposeAsync();

    public async Task<HttpResponseMessage> ConsentAsync(string userId, bool granted) =>
        await Host.Client.SendAsync(Host.Request(HttpMethod.Put, "/api/me/consents/face", new { granted }, await Punches.TokenAsync(userId)));

    public async Task<(HttpStatusCode Status, JsonElement Body)> EnrolAsync(string userId, byte[] photo)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(photo);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(part, "photo", "photo.jpg");
        var (status, body, _) = await Punches.SendAsync(Host.Request(HttpMethod.Post, $"/api/admin/employees/{userId}/face", content, TestHost.AdminKey));
        return (status, body);
    }

    /// <summary>Consent, then enrolment; asserts both worked.</summary>
    public async Task EnrolWithConsentAsync(string userId, byte[] photo)
    {
        (await ConsentAsync(userId, true)).StatusCode.Should().Be(HttpStatusCode.OK);
        var (status, body) = await EnrolAsync(userId, photo);
        status.Should().Be(HttpStatusCode.Created, body.ToString());
    }

    public async Task<JsonElement> PunchAsync(string userId, string id, byte[]? photo)
    {
        var (lat, lon) = Punches.North(20);
        var (status, body, _) = await Punches.PostMultipartAsync(userId, PunchTestBed.Body(id, lat, lon), photo);
        status.Should().Be(HttpStatusCode.Created, body.ToString());
        return body;
    }

    public async Task<bool> EnrolledAsync(string userId)
    {
        var (status, body, _) = await Punches.SendAsync(Host.Request(HttpMethod.Get, $"/api/admin/employees/{userId}/face", null, TestHost.AdminKey));
        status.Should().Be(HttpStatusCode.OK);
        return body.GetProperty("enrolled").GetBoolean();
    }

    public async Task<long> CountAsync(string sql, object? parameters = null)
    {
        await using var connection = await Host.Database.Factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    public static string Code(JsonElement problem) => problem.GetProperty("code").GetString()!;

    private async Task SeedAsync()
    {
        await Put("/api/admin/departments/20", new { name = "人脸部门", parentId = 1, leaderUserIds = new[] { "boss" } });
        await Put("/api/admin/sites/hq-face", new
        {
            name = "上海总部",
            coordinateSystem = "gcj02",
            circle = new { latitude = PunchTestBed.SiteLatitude, longitude = PunchTestBed.SiteLongitude, radiusMeters = 300 },
            wifi = Array.Empty<object>(),
            departmentIds = new[] { 20 },
            outOfRange = "exception",
            requirePhoto = false,
            requireFace = true,
        });
        foreach (var suffix in new[] { "a", "b", "c" })
        {
            await Put($"/api/admin/employees/f20{suffix}", Employee(suffix, active: true));
        }
    }

    public static object Employee(string suffix, bool active) => new
    {
        name = $"员工20{suffix}",
        departmentIds = new[] { 20 },
        directLeaderUserIds = new[] { "boss" },
        active,
        roles = new[] { "employee" },
    };

    private async Task Put(string path, object body)
    {
        var response = await Host.AdminAsync(HttpMethod.Put, path, body);
        response.IsSuccessStatusCode.Should().BeTrue(path + ": " + await response.Content.ReadAsStringAsync());
    }
}
