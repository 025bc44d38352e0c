using Attendance.BotHost.Tests.Punching;
using Dapper;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Reviews;

/// <summary>A day in review in the digest (待复核, never 缺卡 or 旷工), 待复核超时 for HR, and the audited photo route.</summary>
public sealed class ReviewDigestAndPhotoTests
{
    [Fact]
    public async Task The_digest_counts_a_day_in_review_as_such_and_HR_hears_of_reviews_left_too_long()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false, "--Scheduling:Enabled=false", "--Attendance:Review:EscalateAfterHours=24");
        await SeedAsync(host);
        await Ok(host, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部", leaderUserIds = new[] { "zhangwei" } });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/chenjing", new { name = "陈静", departmentIds = new[] { 1 }, roles = new[] { "employee", "hr" } });
        var imported = await Ok(host, HttpMethod.Post, "/api/admin/punches/import", new
        {
            records = new object[]
            {
                ReviewApiTests.Flagged("liuyang", "2026-10-12T08:58:00+08:00", "in"),
            },
        });
        imported.GetProperty("created").GetInt32().Should().Be(1);

        var run = await Ok(host, HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = Monday, departmentId = 1 });
        run.GetProperty("counts").GetProperty("reviewsOverdue").GetInt64().Should().Be(0, "the punch was flagged moments ago");
        var digest = Payload(await RowsAsync(host), "digest:1:2026-10-12:full:app:zhangwei:1");
        digest.Should().Contain("待复核 1").And.Contain("刘洋（liuyang）：打卡待复核");
        digest.Should().NotContain("刘洋（liuyang）：上班缺卡").And.NotContain("刘洋（liuyang）：旷工");

        // Flagged two days ago and still undecided: HR hears of it with the next digest, once.
        var id = await BackdateFlaggedAsync(host, "liuyang", TimeSpan.FromHours(50));
        var next = await Ok(host, HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = "2026-10-13", departmentId = 1 });
        next.GetProperty("counts").GetProperty("reviewsOverdue").GetInt64().Should().Be(1);
        var overdue = Payload(await RowsAsync(host), "bot:review-overdue:2026-10-13:1");
        overdue.Should().Contain("待复核超时").And.Contain($"编号 {id} 刘洋（总部）").And.Contain("已等待 50 小时");
        (await RowsAsync(host)).Count(r => r.GetProperty("target").GetString() == "chenjing").Should().Be(1);
        await Ok(host, HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = "2026-10-13" });
        (await RowsAsync(host)).Count(r => r.GetProperty("target").GetString() == "chenjing").Should().Be(1, "one list per digest date");
    }

    [Fact]
    public async Task A_reviewer_sees_the_photo_uncached_and_audited_and_nobody_else_does()
    {
        await using var bed = await PunchTestBed.StartAsync();
        var (lat, lon) = bed.North(10);
        var flagged = await bed.PostMultipartAsync("u13a", PunchTestBed.Body("photo-review-1", lat, lon, accuracy: 0), TestImages.JpegWithMetadata());
        flagged.Body.GetProperty("verdict").GetString().Should().Be("review", flagged.Body.ToString());
        var id = flagged.Body.GetProperty("punchId").GetInt64();

        var boss = await bed.TokenAsync("boss");
        var photo = await bed.Host.Client.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/admin/punches/{id}/photo", bearer: boss));
        photo.StatusCode.Should().Be(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        photo.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await photo.Content.ReadAsByteArrayAsync()).Take(2).Should().Equal(0xFF, 0xD8);
        var audit = await Ok(bed.Host, HttpMethod.Get, "/api/admin/audit?actor=user:boss&limit=50");
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "punch.photo.viewed" && a.GetProperty("entityId").GetString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var colleague = await bed.TokenAsync("u13b");
        (await bed.Host.Client.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/admin/punches/{id}/photo", bearer: colleague))).StatusCode
            .Should().Be(HttpStatusCode.Forbidden);
        (await bed.Host.Client.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/admin/punches/{id}/photo"))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    private static async Task<long> BackdateFlaggedAsync(TestHost host, string userId, TimeSpan age)
    {
        await using var connection = await host.Database.Factory.OpenAsync();
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM punches WHERE user_id = @userId AND verdict = 'review'", new { userId });
        await connection.ExecuteAsync("UPDATE punches SET server_time = @at WHERE id = @id", new { id, at = DateTimeOffset.UtcNow - age });
        return id;
    }

    private static async Task<List<JsonElement>> RowsAsync(TestHost host) =>
        [.. (await Ok(host, HttpMethod.Get, "/api/admin/outbox?limit=500")).EnumerateArray()];

    private static string Payload(List<JsonElement> rows, string key)
    {
        var row = rows.SingleOrDefault(r => r.GetProperty("dedupeKey").GetString() == key);
        row.ValueKind.Should().NotBe(JsonValueKind.Undefined, $"an outbox row {key}; have {string.Join(", ", rows.Select(r => r.GetProperty("dedupeKey").GetString()))}");
        var payload = JsonDocument.Parse(row.GetProperty("payload").GetString()!).RootElement;
        return payload.GetProperty(payload.GetProperty("msgtype").GetString()!).GetProperty("content").GetString() ?? "";
    }
}
