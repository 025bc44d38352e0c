using System.Net.Http.Json;
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
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        var ready = await host.Client.GetFromJsonAsync<JsonElement>("/readyz");
        ready.GetProperty("status").GetString().Should().Be("ready");
        ready.GetProperty("database").GetString().Should().Be("sqlite");
        var metrics = await host.Client.GetAsync(new Uri("/metrics", UriKind.Relative));
        (metrics.Content.Headers.ContentType?.MediaType).Should().Be("text/plain");
        var text = await metrics.Content.ReadAsStringAsync();
        text.Should().Contain("# TYPE http_server_request_duration_seconds histogram");
        text.Should().Contain("http_route=\"/readyz\"");
    }

    [Fact]
    public async Task Metrics_count_only_the_requests_of_their_own_host_in_a_shared_process()
    {
        await using var quiet = await TestHost.StartAsync();
        await using var busy = await TestHost.StartAsync();
        (await busy.Client.GetAsync(new Uri("/api/me/today", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var busyText = await busy.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var quietText = await quiet.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        busyText.Should().Contain("http_route=\"/api/me/today\"");
        quietText.Should().NotContain("http_route=\"/api/me/today\"");
    }

    [Fact]
    public async Task Readiness_fails_while_migrations_are_pending()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false, "--Database:MigrateOnStart=false");
        var ready = await host.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await ready.Content.ReadAsStringAsync()).Should().Contain("0001_foundation.sql");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Admin_round_trips_with_Chinese_names_and_survive_a_restart(DatabaseProvider provider)
    {
        await using var host = await TestHost.StartAsync(provider);
        var created = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", Department);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        (created.Headers.Location?.ToString()).Should().Be("/api/admin/departments/2");
        (await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", Department)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await host.AdminAsync(HttpMethod.Put, "/api/admin/employees/wangfang", Employee)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/sh-hq", Site)).StatusCode.Should().Be(HttpStatusCode.Created);

        await host.RestartAsync();

        var dept = await GetJson(host, "/api/admin/departments/2");
        dept.GetProperty("name").GetString().Should().Be("研发部（北京）");
        dept.GetProperty("leaderUserIds")[0].GetString().Should().Be("zhangwei");
        dept.GetProperty("digest").GetProperty("robotKey").GetString().Should().Be("***5555");

        var raw = await (await host.AdminAsync(HttpMethod.Get, "/api/admin/employees/wangfang")).Content.ReadAsStringAsync();
        raw.Should().Contain("\"name\":\"王芳\"");
        var employee = JsonDocument.Parse(raw).RootElement;
        employee.GetProperty("mainDepartmentId").GetInt64().Should().Be(2);
        employee.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal(["employee", "hr"]);
        employee.GetProperty("joinedOn").GetString().Should().Be("2025-03-01");

        var site = await GetJson(host, "/api/admin/sites/sh-hq");
        site.GetProperty("name").GetString().Should().Be("上海总部");
        site.GetProperty("wifi")[0].GetProperty("bssid").GetString().Should().Be("0a:1b:2c:3d:4e:5f");
        site.GetProperty("outOfRange").GetString().Should().Be("field");
        site.GetProperty("circle").GetProperty("radiusMeters").GetDouble().Should().Be(300);

        // GET then PUT of what GET showed keeps the secret robot key and changes nothing.
        var echoed = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", dept);
        echoed.StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = await host.Services.GetRequiredService<Data.Repositories.DepartmentRepository>().GetAsync(2);
        stored!.Digest.RobotKey.Should().Be("b1a2c3d4-0000-1111-2222-333344445555");

        var list = await GetJson(host, "/api/admin/employees?departmentId=2");
        list.GetArrayLength().Should().Be(1);
        (await host.AdminAsync(HttpMethod.Delete, "/api/admin/sites/sh-hq")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await host.AdminAsync(HttpMethod.Get, "/api/admin/sites/sh-hq")).StatusCode.Should().Be(HttpStatusCode.NotFound);
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
        rows.EnumerateArray().Select(r => r.GetProperty("action").GetString()).Should().Equal(["site.delete", "site.create", "department.create"]);
        rows.EnumerateArray().Should().AllSatisfy(r => r.GetProperty("actor").GetString().Should().StartWith("admin:"));
        text.Should().NotContain(TestHost.AdminKey);
        text.Should().NotContain("b1a2c3d4-0000-1111-2222-333344445555");
    }

    [Fact]
    public async Task Admin_api_needs_a_key_401_without_403_with_a_wrong_one()
    {
        await using var host = await TestHost.StartAsync();
        var none = await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/admin/sites"));
        none.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        none.Headers.WwwAuthenticate.Single().Scheme.Should().Be("Bearer");
        (none.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        var wrong = await host.Client.SendAsync(host.Request(HttpMethod.Put, "/api/admin/sites/x", Site, TestHost.AdminKey + "x"));
        wrong.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await GetJson(host, "/api/admin/sites") is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : throw new InvalidOperationException()).Should().BeEmpty();
    }

    [Fact]
    public async Task Malformed_json_and_impossible_sites_get_problem_json_naming_fields()
    {
        await using var host = await TestHost.StartAsync();
        var malformed = await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/x",
            new StringContent("{\"name\": \"x\", \"circle\": {\"latitude\": \"north\"}}", Encoding.UTF8, "application/json"));
        var problem = await Problem(malformed, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("circle.latitude", out _).Should().BeTrue(problem.ToString());

        var impossible = await host.AdminAsync(HttpMethod.Put, "/api/admin/sites/x",
            new { name = "x", circle = new { latitude = 123, longitude = 121.4, radiusMeters = -1 } });
        problem = await Problem(impossible, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.GetProperty("circle.latitude")[0].GetString().Should().Contain("-90 and 90");
        errors.TryGetProperty("circle.radiusMeters", out _).Should().BeTrue();

        var truncated = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2",
            new StringContent("{\"name\": \"研发", Encoding.UTF8, "application/json"));
        await Problem(truncated, HttpStatusCode.BadRequest);

        var notJson = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        await Problem(notJson, HttpStatusCode.UnsupportedMediaType);

        var huge = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/2",
            new StringContent("{\"name\": \"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json"));
        await Problem(huge, HttpStatusCode.RequestEntityTooLarge);

        var badId = await host.AdminAsync(HttpMethod.Put, "/api/admin/departments/abc", Department);
        (await Problem(badId, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("id", out _).Should().BeTrue();
        var badUser = await host.AdminAsync(HttpMethod.Put, "/api/admin/employees/%E5%BC%A0%E4%B8%89", Employee);
        (await Problem(badUser, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("userId", out _).Should().BeTrue();

        var longFilter = await host.AdminAsync(HttpMethod.Get, "/api/admin/employees?name=" + new string('x', 65));
        (await Problem(longFilter, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue();
        var badLimit = await host.AdminAsync(HttpMethod.Get, "/api/admin/audit?limit=0");
        (await Problem(badLimit, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();

        // Nothing of the refused requests was stored.
        (await GetJson(host, "/api/admin/sites")).GetArrayLength().Should().Be(0);
        (await GetJson(host, "/api/admin/departments")).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Migrate_command_applies_migrations_to_an_empty_file_and_exits()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var exit = await HostProgram.RunAsync(["migrate", "--environment=Production", $"--Database:ConnectionString={db.ConnectionString}"]);
        exit.Should().Be(0);
        new Data.Migrations.MigrationRunner(db.Factory).PendingScripts().Should().BeEmpty();
        (await HostProgram.RunAsync(["migrate", $"--Database:ConnectionString={db.ConnectionString}"])).Should().Be(0);
    }

    [Fact]
    public async Task Production_refuses_to_start_without_explicit_keys_naming_them()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite, migrate: false);
        var e = FluentActions.Invoking(() =>
            HostProgram.Build(["--environment=Production", $"--Database:ConnectionString={db.ConnectionString}"])).Should().ThrowExactly<OptionsValidationException>().Which;
        e.Failures.Should().Contain(f => f.Contains("Security:SessionSigningKey", StringComparison.Ordinal));
        e.Failures.Should().Contain(f => f.Contains("Security:AdminKeys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_configuration_stops_start_up_with_the_key_named()
    {
        await using var host = await TestHost.StartAsync();
        var app = HostProgram.Build([.. host.Args, "--Attendance:TimeZone=Mars/Base", "--Security:AdminKeys:0=short"]);
        // Both keys fail, so the options validator throws one AggregateException holding both.
        var e = (await FluentActions.Awaiting(() => app.StartAsync()).Should().ThrowExactlyAsync<AggregateException>()).Which;
        var failures = HostProgram.ConfigurationFailures(e);
        failures.Should().NotBeNull();
        failures.Should().Contain(f => f.Contains("Attendance:TimeZone", StringComparison.Ordinal));
        failures.Should().Contain(f => f.Contains("Security:AdminKeys:0", StringComparison.Ordinal));
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Demo_seeds_a_company_with_Chinese_names_once()
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var departments = await GetJson(host, "/api/admin/departments");
        departments.EnumerateArray().Should().Contain(d => d.GetProperty("name").GetString() == "研发部");
        var employees = await GetJson(host, "/api/admin/employees");
        employees.EnumerateArray().Should().Contain(e => e.GetProperty("name").GetString() == "张伟");
        var site = await GetJson(host, "/api/admin/sites/shanghai-hq");
        site.GetProperty("coordinateSystem").GetString().Should().Be("gcj02");
        await host.Services.GetRequiredService<Attendance.BotHost.Demo.DemoSeeder>().SeedAsync();
        var audit = await GetJson(host, "/api/admin/audit?actor=demo-seed&limit=100");
        audit.GetArrayLength().Should().Be(11);
        var shift = await GetJson(host, "/api/admin/shifts/standard");
        shift.GetProperty("name").GetString().Should().Be("标准班");
        (await GetJson(host, "/api/admin/assignments?departmentId=1")).EnumerateArray().Should().ContainSingle();
    }

    private static async Task<JsonElement> GetJson(TestHost host, string path)
    {
        var response = await host.AdminAsync(HttpMethod.Get, path);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        status.Should().Be(response.StatusCode, $"expected {status}, got {response.StatusCode}: {body}");
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        return problem;
    }
}
