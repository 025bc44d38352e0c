using Attendance.BotHost.Configuration;
using Attendance.Data.Outbox;
using Dapper;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Tests.Jobs;

/// <summary>POST /api/admin/jobs/{name}/trigger over real HTTP, the scheduler switched off, WeCom faked.</summary>
public sealed class JobTriggerTests : IAsyncLifetime
{
    private WeComSimulator _wecom = null!;
    private TestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _wecom = await WeComSimulator.StartAsync();
        _host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            ["--Scheduling:Enabled=false", "--Outbox:Enabled=false",
            .. _wecom.HostArgs()]);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    private async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        expected.Should().Be(response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<HttpResponseMessage> Trigger(string name, object? body = null) =>
        _host.AdminAsync(HttpMethod.Post, $"/api/admin/jobs/{name}/trigger", body);

    [Fact]
    public async Task An_unknown_job_is_404_listing_the_known_ones()
    {
        var problem = await Json(await Trigger("nope"), HttpStatusCode.NotFound);
        var names = problem.GetProperty("jobs").EnumerateArray().Select(e => e.GetString()).ToList();
        names.Should().Equal(["digest", "directory-sync", "finalize-days", "retention-purge", "wecom-checkin-push"]);
    }

    [Fact]
    public async Task Bad_arguments_are_400_naming_the_field()
    {
        var negative = await Json(await Trigger("retention-purge", new { departmentId = -3 }), HttpStatusCode.BadRequest);
        negative.GetProperty("errors").TryGetProperty("departmentId", out _).Should().BeTrue();
        var badDate = await Json(await Trigger("retention-purge", new { date = "2026-13-40" }), HttpStatusCode.BadRequest);
        badDate.GetProperty("errors").TryGetProperty("date", out _).Should().BeTrue();
        (await _host.Client.PostAsync(new Uri("/api/admin/jobs/retention-purge/trigger", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Retention_purge_triggered_twice_deletes_expired_photos_once_and_clears_their_paths()
    {
        var root = _host.Services.GetRequiredService<IOptions<AttendanceOptions>>().Value.PhotoRoot;
        Directory.CreateDirectory(Path.Combine(root, "2025"));
        var old = Path.Combine(root, "2025", "old.aph");
        var fresh = Path.Combine(root, "fresh.aph");
        // Not the store's: the purge works through the store, which lists only its photos and leftovers.
        var foreign = Path.Combine(root, "2025", "README.txt");
        await File.WriteAllBytesAsync(old, [1, 2, 3]);
        await File.WriteAllBytesAsync(fresh, [4, 5, 6]);
        await File.WriteAllBytesAsync(foreign, [7]);
        File.SetLastWriteTimeUtc(old, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-91));
        File.SetLastWriteTimeUtc(foreign, TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-91));
        await InsertPunchWithPhotoAsync("2025/old.aph");

        var first = await Json(await Trigger("retention-purge"), HttpStatusCode.OK);
        first.GetProperty("job").GetString().Should().Be("retention-purge");
        first.GetProperty("counts").GetProperty("photosDeleted").GetInt64().Should().Be(1);
        first.GetProperty("counts").GetProperty("photoPathsCleared").GetInt64().Should().Be(1);
        File.Exists(old).Should().BeFalse();
        File.Exists(fresh).Should().BeTrue();
        File.Exists(foreign).Should().BeTrue();

        var second = await Json(await Trigger("retention-purge", new { }), HttpStatusCode.OK);
        second.GetProperty("counts").GetProperty("photosDeleted").GetInt64().Should().Be(0);
        await using var connection = await _host.Database.Factory.OpenAsync();
        (await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM punches WHERE photo_path IS NOT NULL")).Should().Be(0);
    }

    [Fact]
    public async Task Directory_sync_takes_departments_leaders_and_departures_from_WeCom()
    {
        (await _host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2",
            new { name = "旧名字", parentId = 1, leaderUserIds = Array.Empty<string>(), digest = new { robotKey = "robot-key-2222-3333" } })).StatusCode.Should().Be(HttpStatusCode.Created);
        foreach (var (id, name) in new[] { ("wangfang", "王芳"), ("liuyang", "刘洋") })
        {
            (await _host.AdminAsync(HttpMethod.Put, $"/api/admin/employees/{id}",
                new { name, departmentIds = new[] { 2 }, roles = new[] { "employee" } })).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        _wecom.AddDepartment(new SimulatedDepartment(1, "总公司", 0));
        _wecom.AddDepartment(new SimulatedDepartment(2, "研发部", 1, ["zhangwei"]));
        _wecom.AddUser(new SimulatedUser("zhangwei", "张伟", [2, 1]));
        _wecom.AddUser(new SimulatedUser("wangfang", "王芳", [2], DirectLeaders: ["zhangwei"]));
        _wecom.AddUser(new SimulatedUser("liuyang", "刘洋", [2], Status: 5));

        var summary = await Json(await Trigger("directory-sync"), HttpStatusCode.OK);
        var counts = summary.GetProperty("counts");
        counts.GetProperty("departments").GetInt64().Should().Be(2);
        counts.GetProperty("employees").GetInt64().Should().Be(3);
        counts.GetProperty("left").GetInt64().Should().Be(1);

        var dept = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/departments/2"), HttpStatusCode.OK);
        dept.GetProperty("name").GetString().Should().Be("研发部");
        dept.GetProperty("leaderUserIds")[0].GetString().Should().Be("zhangwei");
        dept.GetProperty("digest").GetProperty("robotKey").GetString().Should().Be("***3333");

        var left = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/employees/liuyang"), HttpStatusCode.OK);
        left.GetProperty("active").GetBoolean().Should().BeFalse();
        left.GetProperty("leftOn").ValueKind.Should().NotBe(JsonValueKind.Null);
        var wang = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/employees/wangfang"), HttpStatusCode.OK);
        wang.GetProperty("directLeaderUserIds")[0].GetString().Should().Be("zhangwei");
        var zhang = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/employees/zhangwei"), HttpStatusCode.OK);
        zhang.GetProperty("mainDepartmentId").GetInt64().Should().Be(2);

        var audit = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/audit?actor=directory-sync"), HttpStatusCode.OK);
        audit.GetArrayLength().Should().BeGreaterThanOrEqualTo(4);

        // A second run changes nothing.
        var again = await Json(await Trigger("directory-sync"), HttpStatusCode.OK);
        again.GetProperty("counts").GetProperty("employeesChanged").GetInt64().Should().Be(0);
        again.GetProperty("counts").GetProperty("departmentsChanged").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task The_outbox_listing_filters_by_state_and_masks_robot_keys()
    {
        var outbox = _host.Services.GetRequiredService<OutboxRepository>();
        await outbox.EnqueueAsync(new OutboxMessage(OutboxChannels.Robot, "robot-secret-key-abcd", "{\"msgtype\":\"text\",\"text\":{\"content\":\"测试\"}}", "t:list:1"));
        var rows = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=pending&limit=10"), HttpStatusCode.OK);
        var row = rows.EnumerateArray().Should().ContainSingle().Which;
        row.GetProperty("target").GetString().Should().Be("***abcd");
        row.GetProperty("state").GetString().Should().Be("pending");
        rows.GetRawText().Should().NotContain("robot-secret-key");
        (await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=sent"), HttpStatusCode.OK)).EnumerateArray().Should().BeEmpty();
        var bad = await Json(await _host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=lost"), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("state", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Checkin_push_sends_the_counted_punches_of_a_date_as_GCJ02_times_a_million()
    {
        await using (var connection = await _host.Database.Factory.OpenAsync())
        {
            var at = new DateTimeOffset(2026, 3, 9, 0, 52, 0, TimeSpan.Zero);
            const string insert =
                "INSERT INTO punches (user_id, client_punch_id, source, kind, server_time, capture_time, work_date, verdict, risk_score, message, " +
                "is_field, is_location_exception, latitude, longitude, coordinate_system, payload_hash) VALUES (@u, @c, 'app', 'in', @at, @at, @d, @v, 0, '上班打卡', " +
                "@f, @f, @lat, @lng, @cs, 'h')";
            var date = new DateOnly(2026, 3, 9);
            await connection.ExecuteAsync(insert, new { u = "wangfang", c = "a", at, d = date, v = "accepted", f = false, lat = 31.230416, lng = 121.473701, cs = "gcj02" });
            await connection.ExecuteAsync(insert, new { u = "lina", c = "b", at, d = date, v = "rejected", f = false, lat = 31.2, lng = 121.4, cs = "gcj02" });
        }

        var summary = await Json(await Trigger("wecom-checkin-push", new { date = "2026-03-09" }), HttpStatusCode.OK);
        summary.GetProperty("counts").GetProperty("records").GetInt64().Should().Be(1);
        var record = _wecom.AddedCheckinRecords.Should().ContainSingle().Which;
        record.UserId.Should().Be("wangfang");
        record.Latitude.Should().Be(31_230_416);
        record.Longitude.Should().Be(121_473_701);
        record.DeviceType.Should().Be(3);
        record.CheckinTime.Should().Be(new DateTimeOffset(2026, 3, 9, 0, 52, 0, TimeSpan.Zero).ToUnixTimeSeconds());
    }

    private async Task InsertPunchWithPhotoAsync(string photoPath)
    {
        await using var connection = await _host.Database.Factory.OpenAsync();
        var now = TimeProvider.System.GetUtcNow();
        await connection.ExecuteAsync(
            "INSERT INTO punches (user_id, client_punch_id, source, kind, server_time, capture_time, work_date, verdict, risk_score, message, " +
            "is_field, is_location_exception, photo_path, payload_hash) VALUES (@u, @c, 'app', 'in', @now, @now, @d, 'accepted', 0, '上班打卡成功', " +
            "@f, @f, @photoPath, 'h')",
            new { u = "wangfang", c = "p-1", now, d = DateOnly.FromDateTime(now.UtcDateTime), f = false, photoPath });
    }
}
