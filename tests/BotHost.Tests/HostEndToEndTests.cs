using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Attendance.Data;
using Attendance.Testing.Databases;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Tests;

public class HostEndToEndTests
{
    private static readonly object Department = new
    {
        name = "研发部（北京）",
        parentId = 1,
        leaderUserIds = new[] { "zhangwei" },
        digest = new { robotKey = "b1a2c3d4-0000-1111-2222-333344445555", cron = "0 30 9 ? * MON-FRI", timeZone = "Asia/Shanghai" },
    };

    private static readonly object Employee = new
    {
        name = "王芳",
        departmentIds = new[] { 2 },
        directLeaderUserIds = new[] { "zhangwei" },
        roles = new[] { "employee", "hr" },
        joinedOn = "2025-03-01",
    };

    private static readonly object Site = new
    {
        name = "上海总部",
        coordinateSystem = "gcj02",
        circle = new { latitude = 31.230416, longitude = 121.473701, radiusMeters = 300 },
        wifi = new[] { new { ssid = "Office", bssid = "0A-1B-2C-3D-4E-5F" } },
        outOfRange = "field",
        requirePhoto = true,
    };

    public static TheoryData<DatabaseProvider> Providers => new(DatabaseProvider.Sqlite, DatabaseProvider.Postgres);

    [Fact]
    public async Task Health_readiness_and_metrics_answer()
    {
        await using var host = await TestHost.StartAsync();
        var health = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var ready = await host.Client.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("sqlite", ready.GetProperty("database").GetString());
        var metrics = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal("text/plain", metrics.Content.Headers.ContentType?.MediaType);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"/readyz\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_only_the_requests_of_their_own_host_in_a_shared_process()
    {
        await using var quiet = await TestHost.StartAsync();
        await using var busy = await TestHost.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await busy.Client.GetAsync(new Uri("/api/me/today", UriKind.Relative))).StatusCode);

        var busyText = await busy.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var quietText = await quiet.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("http_route=\"/api/me/today\"", busyText, StringComparison.Ordinal);
        Assert.DoesNotContain("http_route=\"/api/me/today\"", quietText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_fails_while_migrations_are_pending()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false, "--Database:MigrateOnStart=false");
        var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("0001_foundation.sql", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Admin_round_trips_with_Chinese_names_and_survive_a_restart(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var created = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", Department);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/admin/departments/2", created.Headers.Location?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", Department)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.AdminAsync(HttpMethod.Put, "/api/admin/employees/wangfang", Employee)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/sh-hq", Site)).StatusCode);

        await host.RestartAsync();

        var dept = await GetJson(host, "/api/admin/departments/2");
        Assert.Equal("研发部（北京）", dept.GetProperty("name").GetString());
        Assert.Equal("zhangwei", dept.GetProperty("leaderUserIds")[0].GetString());
        Assert.Equal("***5555", dept.GetProperty("digest").GetProperty("robotKey").GetString());

        var raw = await (await host.AdminAsync(HttpMethod.Get, "/api/admin/employees/wangfang")).Content.ReadAsStringAsync();
        Assert.Contains("\"name\":\"王芳\"", raw, StringComparison.Ordinal);
        var employee = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(2, employee.GetProperty("mainDepartmentId").GetInt64());
        Assert.Equal(["employee", "hr"], employee.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("2025-03-01", employee.GetProperty("joinedOn").GetString());

        var site = await GetJson(host, "/api/admin/sites/sh-hq");
        Assert.Equal("上海总部", site.GetProperty("name").GetString());
        Assert.Equal("0a:1b:2c:3d:4e:5f", site.GetProperty("wifi")[0].GetProperty("bssid").GetString());
        Assert.Equal("field", site.GetProperty("outOfRange").GetString());
        Assert.Equal(300, site.GetProperty("circle").GetProperty("radiusMeters").GetDouble());

        // GET then PUT of what GET showed keeps the secret robot key and changes nothing.
        var echoed = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", dept);
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        var stored = await host.Services.GetRequiredService<Data.Repositories.DepartmentRepository>().GetAsync(2);
        Assert.Equal("b1a2c3d4-0000-1111-2222-333344445555", stored!.Digest.RobotKey);

        var list = await GetJson(host, "/api/admin/employees?departmentId=2");
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(HttpStatusCode.NoContent, (await host.AdminAsync(HttpMethod.Delete, "/api/admin/sites/sh-hq")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.AdminAsync(HttpMethod.Get, "/api/admin/sites/sh-hq")).StatusCode);
    }

    [Fact]
    public async Task Every_change_is_audited_under_the_key_fingerprint_never_the_key()
    {
        await using var host = await TestHost.StartAsync();
        await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", Department);
        await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/sh-hq", Site);
        await host.AdminAsync(HttpMethod.Delete, "/api/admin/sites/sh-hq");
        var response = await host.AdminAsync(HttpMethod.Get, "/api/admin/audit?limit=10");
        var text = await response.Content.ReadAsStringAsync();
        var rows = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["site.delete", "site.create", "department.create"], rows.EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        Assert.All(rows.EnumerateArray(), r => Assert.StartsWith("admin:", r.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain(TestHost.AdminKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("b1a2c3d4-0000-1111-2222-333344445555", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_api_needs_a_key_401_without_403_with_a_wrong_one()
    {
        await using var host = await TestHost.StartAsync();
        var none = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/admin/sites"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        var wrong = await host.Client.SendAsync(host.Request(HttpMethod.Put, "/api/admin/sites/x", Site, TestHost.AdminKey + "x"));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Empty(await GetJson(host, "/api/admin/sites") is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : throw new InvalidOperationException());
    }

    [Fact]
    public async Task Malformed_json_and_impossible_sites_get_problem_json_naming_fields()
    {
        await using var host = await TestHost.StartAsync();
        var malformed = await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/x",
            new StringContent("{\"name\": \"x\", \"circle\": {\"latitude\": \"north\"}}", Encoding.UTF8, "application/json"));
        var problem = await Problem(malformed, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("circle.latitude", out _), problem.ToString());

        var impossible = await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/x",
            new { name = "x", circle = new { latitude = 123, longitude = 121.4, radiusMeters = -1 } });
        problem = await Problem(impossible, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("-90 and 90", errors.GetProperty("circle.latitude")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("circle.radiusMeters", out _));

        var truncated = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2",
            new StringContent("{\"name\": \"研发", Encoding.UTF8, "application/json"));
        await Problem(truncated, HttpStatusCode.BadRequest);

        var notJson = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        await Problem(notJson, HttpStatusCode.UnsupportedMediaType);

        var huge = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2",
            new StringContent("{\"name\": \"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json"));
        await Problem(huge, HttpStatusCode.RequestEntityTooLarge);

        var badId = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/abc", Department);
        Assert.True((await Problem(badId, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("id", out _));
        var badUser = await host.AdminAsync(HttpMethod.Put, "/api/admin/employees/%E5%BC%A0%E4%B8%89", Employee);
        Assert.True((await Problem(badUser, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("userId", out _));

        var longFilter = await host.AdminAsync(HttpMethod.Get, "/api/admin/employees?name=" + new string('x', 65));
        Assert.True((await Problem(longFilter, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("name", out _));
        var badLimit = await host.AdminAsync(HttpMethod.Get, "/api/admin/audit?limit=0");
        Assert.True((await Problem(badLimit, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("limit", out _));

        // Nothing of the refused requests was stored.
        Assert.Equal(0, (await GetJson(host, "/api/admin/sites")).GetArrayLength());
        Assert.Equal(0, (await GetJson(host, "/api/admin/departments")).GetArrayLength());
    }

    [Fact]
    public async Task Migrate_command_applies_migrations_to_an_empty_file_and_exits()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var exit = await HostProgram.RunAsync(["migrate", "--environment=Production", $"--Database:ConnectionString={db.ConnectionString}"]);
        Assert.Equal(0, exit);
        Assert.Empty(new Data.Migrations.MigrationRunner(db.Factory).PendingScripts());
        Assert.Equal(0, await HostProgram.RunAsync(["migrate", $"--Database:ConnectionString={db.ConnectionString}"]));
    }

    [Fact]
    public async Task Production_refuses_to_start_without_explicit_keys_naming_them()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var e = Assert.Throws<OptionsValidationException>(() =>
            HostProgram.Build(["--environment=Production", $"--Database:ConnectionString={db.ConnectionString}"]));
        Assert.Contains(e.Failures, f => f.Contains("Security:SessionSigningKey", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("Security:AdminKeys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_the_key_named()
    {
        await using var host = await TestHost.StartAsync();
        var app = HostProgram.Build([.. host.Args, "--Attendance:TimeZone=Mars/Base", "--Security:AdminKeys:0=short"]);
        var e = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var failures = HostProgram.ConfigurationFailures(e);
        Assert.NotNull(failures);
        Assert.Contains(failures, f => f.Contains("Attendance:TimeZone", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Security:AdminKeys:0", StringComparison.Ordinal));
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Demo_seeds_a_company_with_Chinese_names_once()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var departments = await GetJson(host, "/api/admin/departments");
        Assert.Contains(departments.EnumerateArray(), d => d.GetProperty("name").GetString() == "研发部");
        var employees = await GetJson(host, "/api/admin/employees");
        Assert.Contains(employees.EnumerateArray(), e => e.GetProperty("name").GetString() == "张伟");
        var site = await GetJson(host, "/api/admin/sites/shanghai-hq");
        Assert.Equal("gcj02", site.GetProperty("coordinateSystem").GetString());
        await host.Services.GetRequiredService<Attendance.BotHost.Demo.DemoSeeder>().SeedAsync();
        var audit = await GetJson(host, "/api/admin/audit?actor=demo-seed&limit=100");
        Assert.Equal(11, audit.GetArrayLength());
        var shift = await GetJson(host, "/api/admin/shifts/standard");
        Assert.Equal("标准班", shift.GetProperty("name").GetString());
        Assert.Single((await GetJson(host, "/api/admin/assignments?departmentId=1")).EnumerateArray());
    }

    private static async Task<JsonElement> GetJson(TestHost host, string path)
    {
        var response = await host.AdminAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
