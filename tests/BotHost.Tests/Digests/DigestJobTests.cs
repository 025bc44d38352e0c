using System.Net.Http.Json;
using Quartz;
using Attendance.BotHost.Tests.Days;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Digests;

/// <summary>The digest job end to end: a small company's Monday, evaluated, digested, queued once and delivered.</summary>
public sealed class DigestJobTests
{
    private const string RobotKey = "0a1b2c3d-4e5f-6789-abcd-ef0123456789";

    [Fact]
    public async Task A_department_digest_is_queued_once_and_reaches_the_robot_and_the_leader()
    {
        await using var wecom = await WeComSimulator.StartAsync();
        wecom.RobotKeys.Add(RobotKey);
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
            [.. wecom.HostArgs(), "--Scheduling:Enabled=false"]);
        await SeedAsync(host);
        await Ok(host, HttpMethod.Put, "/api/admin/departments/1",
            new { name = "总部", leaderUserIds = new[] { "zhangwei" }, digest = new { robotKey = RobotKey } });

        var first = await Ok(host, HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = Monday, departmentId = 1 });
        var counts = first.GetProperty("counts");
        counts.GetProperty("departments").GetInt64().Should().Be(1);
        var queued = counts.GetProperty("messagesQueued").GetInt64();
        queued.Should().BeGreaterThanOrEqualTo(2, first.ToString());

        var second = await Ok(host, HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = Monday, departmentId = 1 });
        second.GetProperty("counts").GetProperty("messagesQueued").GetInt64().Should().Be(0);
        second.GetProperty("counts").GetProperty("alreadyQueued").GetInt64().Should().Be(queued);

        var rows = (await Ok(host, HttpMethod.Get, "/api/admin/outbox?limit=100")).EnumerateArray()
            .Where(r => r.GetProperty("dedupeKey").GetString()!.StartsWith("digest:1:2026-10-12:full:", StringComparison.Ordinal)).ToList();
        rows.Should().HaveCount((int)queued);
        rows.Should().Contain(r => r.GetProperty("dedupeKey").GetString() == "digest:1:2026-10-12:full:robot:1");
        rows.Should().Contain(r => r.GetProperty("dedupeKey").GetString() == "digest:1:2026-10-12:full:app:zhangwei:1");

        // The sender (running in the host) delivers: the robot gets the counts and the absent employee by name.
        var robot = await wecom.WaitForMessageAsync(m => m.RobotKey == RobotKey && m.MsgType == "markdown", TimeSpan.FromSeconds(30));
        robot.Json.Should().Contain("应到");
        robot.Json.Should().Contain("赵磊");
        var leader = await wecom.WaitForMessageAsync(m => m.ToUser == "zhangwei" && m.MsgType == "markdown", TimeSpan.FromSeconds(30));
        leader.Json.Should().Contain("总部");
    }

    [Fact]
    public async Task A_department_with_its_own_cron_gets_its_own_trigger_in_its_time_zone()
    {
        await using var host = await TestHost.StartAsync();
        await Ok(host, HttpMethod.Put, "/api/admin/departments/7",
            new { name = "柏林办", leaderUserIds = new[] { "hans" }, digest = new { cron = "0 0 8 ? * MON-FRI", timeZone = "Europe/Berlin" } });
        // Refused through the API now; one stored before that check (or by hand) is still skipped at start.
        using (var refused = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/8", new { name = "坏配置", digest = new { cron = "0 0 25 * * ?" } }))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("digest.cron")[0].GetString().Should().Contain("Quartz cannot read");
        }

        await host.Services.GetRequiredService<Data.Repositories.DepartmentRepository>().UpsertAsync(
            new Rules.Directory.Department(8, "坏配置", null, [], new Rules.Directory.DigestSettings(null, null, "0 0 25 * * ?", null)), "test");
        await host.RestartAsync();
        var scheduler = await Jobs.SchedulerStartContract.WaitForSchedulerAsync(host);
        var trigger = (await scheduler.GetTrigger(new Quartz.TriggerKey("digest:7", BotHost.Jobs.JobScheduleSetup.Group))).Should().BeAssignableTo<Quartz.ICronTrigger>().Which;
        trigger.CronExpressionString.Should().Be("0 0 8 ? * MON-FRI");
        trigger.TimeZone.Id.Should().Be("Europe/Berlin");
        trigger.JobDataMap.GetString(BotHost.Jobs.QuartzJobAdapter.DepartmentIdKey).Should().Be("7");
        (await scheduler.GetTrigger(new Quartz.TriggerKey("digest:8", BotHost.Jobs.JobScheduleSetup.Group))).Should().BeNull();
    }

    [Fact]
    public async Task A_departments_digest_time_changed_through_the_api_applies_without_a_restart()
    {
        await using var host = await TestHost.StartAsync();
        var scheduler = await Jobs.SchedulerStartContract.WaitForSchedulerAsync(host);
        var key = new Quartz.TriggerKey("digest:9", BotHost.Jobs.JobScheduleSetup.Group);
        (await scheduler.GetTrigger(key)).Should().BeNull();

        await Ok(host, HttpMethod.Put, "/api/admin/departments/9", new { name = "深圳办", digest = new { cron = "0 0 8 ? * MON-FRI" } });
        (await scheduler.GetTrigger(key)).Should().BeAssignableTo<Quartz.ICronTrigger>().Which.CronExpressionString.Should().Be("0 0 8 ? * MON-FRI");

        await Ok(host, HttpMethod.Put, "/api/admin/departments/9", new { name = "深圳办", digest = new { cron = "0 15 10 ? * MON-SAT", timeZone = "Asia/Tokyo" } });
        var changed = (await scheduler.GetTrigger(key)).Should().BeAssignableTo<Quartz.ICronTrigger>().Which;
        changed.CronExpressionString.Should().Be("0 15 10 ? * MON-SAT");
        changed.TimeZone.Id.Should().Be("Asia/Tokyo");
        changed.JobDataMap.GetString(BotHost.Jobs.QuartzJobAdapter.DepartmentIdKey).Should().Be("9");

        // Back to the company's default run: its own trigger would send a second digest.
        await Ok(host, HttpMethod.Put, "/api/admin/departments/9", new { name = "深圳办" });
        (await scheduler.GetTrigger(key)).Should().BeNull();

        await Ok(host, HttpMethod.Put, "/api/admin/departments/9", new { name = "深圳办", digest = new { cron = "0 0 8 ? * MON-FRI" } });
        (await scheduler.GetTrigger(key)).Should().NotBeNull();
        using var deleted = await host.AdminAsync(HttpMethod.Delete, "/api/admin/departments/9");
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await scheduler.GetTrigger(key)).Should().BeNull();
    }

    [Fact]
    public async Task An_unknown_department_is_a_field_error()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Scheduling:Enabled=false");
        var response = await host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = Monday, departmentId = 999 });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").TryGetProperty("departmentId", out _).Should().BeTrue();
    }
}
