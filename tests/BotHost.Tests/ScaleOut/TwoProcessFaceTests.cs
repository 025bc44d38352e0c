using System.Net.Http.Headers;
using Attendance.Testing.FaceModels;
using Attendance.Testing.Faces;
using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;
using static Attendance.BotHost.Tests.ScaleOut.HostPair;

namespace Attendance.BotHost.Tests.ScaleOut;

/// <summary>
/// Host A only answers punches (<c>Face:RunBackgroundChecks=false</c>, every check deferred); host B runs the checks.
/// A photo punched on A, stored in the shared bucket, is face-checked by B, and the mismatch reaches B's reviewer.
/// </summary>
public sealed class TwoProcessFaceTests
{
    [Fact]
    public async Task Photos_punched_on_an_answering_host_are_face_checked_on_the_other_and_a_mismatch_is_reviewed_there()
    {
        var models = FaceModelDirectory.Require();
        await using var pair = await HostPair.StartAsync(
            [$"--Face:ModelDirectory={models}", "--Face:PendingThreshold=0", "--Face:SweepInterval=00:00:01"],
            ["--Face:RunBackgroundChecks=false"]);
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部", leaderUserIds = new[] { "boss" } });
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/employees/boss", new { name = "老板", departmentIds = new[] { 1 } });
        await AdminOkAsync(pair.A, HttpMethod.Put, "/api/admin/sites/hq", new
        {
            name = "上海总部", coordinateSystem = "gcj02", circle = new { latitude = Latitude, longitude = Longitude, radiusMeters = 300 },
            departmentIds = new[] { 1 }, outOfRange = "exception", requireFace = true,
        });
        var token = await TokenAsync(pair.A, "lina");
        (await SendAsync(pair.A, HttpMethod.Put, "/api/me/consents/face", new { granted = true }, token)).Status.Should().Be(HttpStatusCode.OK);
        var own = FacePhotos.Photos(FacePhotos.People[0]);
        var other = FacePhotos.Photos(FacePhotos.People[1]);
        using (var enrolment = Multipart(null, own[0]))
        {
            var (status, text) = await SendAsync(pair.A, HttpMethod.Post, "/api/admin/employees/lina/face", enrolment, TestHost.AdminKey);
            status.Should().Be(HttpStatusCode.Created, text);
        }

        var same = await PunchWithPhotoAsync(pair.A, token, "face-same", own[1]);
        var stranger = await PunchWithPhotoAsync(pair.A, token, "face-other", other[0]);
        foreach (var answer in new[] { same, stranger })
        {
            answer.GetProperty("verdict").GetString().Should().Be("review", "host A defers every check");
            Codes(answer).Should().Contain("FACE_PENDING");
        }

        var date = same.GetProperty("workDate").GetString();
        var done = await Eventually.UntilAsync(async () => JsonDocument.Parse((await SendAsync(pair.B, HttpMethod.Get, $"/api/me/punches?date={date}", null, token)).Text)
                .RootElement.Clone(),
            list => list.GetArrayLength() == 2 && list.EnumerateArray().All(p => !Codes(p).Contains("FACE_PENDING")), TimeSpan.FromSeconds(90),
            "host B finishing both checks", list => list.ToString(), pollInterval: TimeSpan.FromMilliseconds(250));
        var byId = done.EnumerateArray().ToDictionary(p => p.GetProperty("punchId").GetInt64());
        var matched = byId[same.GetProperty("punchId").GetInt64()];
        Codes(matched).Should().Contain("FACE_MATCH");
        matched.GetProperty("verdict").GetString().Should().Be("accepted");
        var mismatched = byId[stranger.GetProperty("punchId").GetInt64()];
        Codes(mismatched).Should().Contain("FACE_MISMATCH");
        mismatched.GetProperty("verdict").GetString().Should().Be("review");

        await using (var connection = await pair.Database.Factory.OpenAsync())
        {
            var hosts = await connection.QueryAsync<string>("SELECT details FROM audit_log WHERE action = 'punch.face'");
            hosts.Select(d => JsonDocument.Parse(d).RootElement.GetProperty("host").GetString()).Should().Equal("host-b", "host-b");
        }

        // B's reviewer sees the mismatch, with the photo A stored.
        var queue = await AdminOkAsync(pair.B, HttpMethod.Get, "/api/admin/punches?state=review");
        queue.EnumerateArray().Select(r => r.GetProperty("punchId").GetInt64()).Should().Equal(stranger.GetProperty("punchId").GetInt64());
        var photo = await pair.B.Client.SendAsync(pair.B.Request(HttpMethod.Get, $"/api/admin/punches/{stranger.GetProperty("punchId").GetInt64()}/photo",
            null, TestHost.AdminKey));
        photo.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<JsonElement> PunchWithPhotoAsync(HostProcess host, string token, string id, byte[] photo)
    {
        using var content = Multipart(Punch(id, Latitude + 0.0001, Longitude), photo);
        var (status, text) = await SendAsync(host, HttpMethod.Post, "/api/punches", content, token);
        status.Should().Be(HttpStatusCode.Created, text + "\n" + host.Output);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static MultipartFormDataContent Multipart(object? punch, byte[] photo)
    {
        var content = new MultipartFormDataContent();
        if (punch is not null)
        {
            content.Add(new StringContent(JsonSerializer.Serialize(punch, TestHost.Json), Encoding.UTF8, "application/json"), "punch");
        }

        var part = new ByteArrayContent(photo);
        part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        content.Add(part, "photo", "photo.jpg");
        return content;
    }

}
