using Attendance.Data.Face;
using Attendance.Data.Privacy;

namespace Attendance.BotHost.Tests.AdminConsole;

/// <summary>
/// What the console's 员工 and 审计 pages added to the admin API, over real HTTP: an employee's consents read by HR,
/// the employee search by part of a name or userId, and the audit filters by action and date range.
/// </summary>
public abstract class ConsolePeopleApiContract(DatabaseProvider provider) : IAsyncLifetime
{
    private TestHost? _host;

    private TestHost Host => _host ?? throw new InvalidOperationException("no database");

    public async ValueTask InitializeAsync()
    {
        if (Testing.Databases.TestDatabase.UnavailableReason(provider) is null)
        {
            _host = await TestHost.StartAsync(provider, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false");
            await JsonAsync(await Host.AdminAsync(HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" }), HttpStatusCode.Created);
            foreach (var (id, name) in new[] { ("wangfang", "王芳"), ("wang_li", "王丽"), ("Zhang.Wei", "张伟"), ("liuyang", "刘洋") })
            {
                await JsonAsync(await Host.AdminAsync(HttpMethod.Put, $"/api/admin/employees/{id}", new { name, departmentIds = new[] { 1 } }),
                    HttpStatusCode.Created);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<string[]> UserIdsAsync(string query) =>
        [.. (await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/employees?" + query), HttpStatusCode.OK))
            .EnumerateArray().Select(e => e.GetProperty("userId").GetString()!)];

    [Fact]
    public async Task Hr_reads_an_employees_face_and_location_consents()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        var none = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/liuyang/consents"), HttpStatusCode.OK);
        none.GetProperty("userId").GetString().Should().Be("liuyang");
        none.GetProperty("face").GetProperty("granted").GetBoolean().Should().BeFalse();
        none.GetProperty("location").GetProperty("answered").GetBoolean().Should().BeFalse();
        none.GetProperty("location").GetProperty("locationUsed").GetBoolean().Should().BeTrue();

        await Host.Services.GetRequiredService<FaceConsentRepository>().RecordAsync("wangfang", true, "2026-10", "user:wangfang");
        await Host.Services.GetRequiredService<LocationConsentRepository>().RecordAsync("wangfang", false, "2026-11", "user:wangfang");
        var both = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/wangfang/consents"), HttpStatusCode.OK);
        both.GetProperty("face").GetProperty("granted").GetBoolean().Should().BeTrue();
        both.GetProperty("face").GetProperty("noticeVersion").GetString().Should().Be("2026-10");
        both.GetProperty("face").GetProperty("enrolled").GetBoolean().Should().BeFalse();
        var location = both.GetProperty("location");
        location.GetProperty("answered").GetBoolean().Should().BeTrue();
        location.GetProperty("granted").GetBoolean().Should().BeFalse();
        location.GetProperty("locationUsed").GetBoolean().Should().BeFalse();
        location.GetProperty("noticeVersion").GetString().Should().Be("2026-11");

        await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/nobody/consents"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_employee_search_finds_part_of_a_name_or_userid_ignoring_case_and_takes_wildcards_literally()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        (await UserIdsAsync("search=王")).Should().BeEquivalentTo("wangfang", "wang_li");
        (await UserIdsAsync("search=zhang.w")).Should().BeEquivalentTo("Zhang.Wei");
        (await UserIdsAsync("search=WANG")).Should().BeEquivalentTo("wangfang", "wang_li");
        (await UserIdsAsync("search=g_")).Should().BeEquivalentTo("wang_li");
        (await UserIdsAsync("search=%25")).Should().BeEmpty();
        (await UserIdsAsync("search=wang&limit=1&offset=1")).Should().HaveCount(1);
        var tooLong = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/employees?search=" + new string('x', 65)), HttpStatusCode.BadRequest);
        tooLong.GetProperty("errors").TryGetProperty("search", out _).Should().BeTrue();
    }

    [Fact]
    public async Task The_audit_log_filters_by_action_and_its_sub_actions_and_by_date_range()
    {
        Testing.Databases.TestDatabase.RequireOrSkip(provider);
        await JsonAsync(await Host.AdminAsync(HttpMethod.Post, "/api/admin/employees/liuyang/sessions/revoke"), HttpStatusCode.OK);

        var exact = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?action=sessions.revoke"), HttpStatusCode.OK);
        exact.EnumerateArray().Should().ContainSingle().Which.GetProperty("entityId").GetString().Should().Be("liuyang");
        var prefix = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?action=sessions"), HttpStatusCode.OK);
        prefix.EnumerateArray().Select(a => a.GetProperty("action").GetString()).Should().OnlyContain(a => a!.StartsWith("sessions.", StringComparison.Ordinal))
            .And.NotBeEmpty();
        (await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?action=session"), HttpStatusCode.OK)).EnumerateArray().Should().BeEmpty();
        (await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?action=sessions_revoke"), HttpStatusCode.OK)).EnumerateArray().Should().BeEmpty();

        var now = DateTimeOffset.UtcNow;
        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
        var today = await JsonAsync(await Host.AdminAsync(HttpMethod.Get,
            $"/api/admin/audit?action=sessions.revoke&from={At(now.AddHours(-1))}&to={At(now.AddHours(1))}"), HttpStatusCode.OK);
        today.EnumerateArray().Should().ContainSingle();
        var yesterday = await JsonAsync(await Host.AdminAsync(HttpMethod.Get,
            $"/api/admin/audit?action=sessions.revoke&from={At(now.AddDays(-2))}&to={At(now.AddDays(-1))}"), HttpStatusCode.OK);
        yesterday.EnumerateArray().Should().BeEmpty();

        var backwards = await JsonAsync(await Host.AdminAsync(HttpMethod.Get,
            $"/api/admin/audit?from={At(now)}&to={At(now.AddDays(-1))}"), HttpStatusCode.BadRequest);
        backwards.GetProperty("errors").TryGetProperty("to", out _).Should().BeTrue();
        var tooLong = await JsonAsync(await Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?action=" + new string('a', 65)), HttpStatusCode.BadRequest);
        tooLong.GetProperty("errors").TryGetProperty("action", out _).Should().BeTrue();
    }
}

public sealed class SqliteConsolePeopleApiTests() : ConsolePeopleApiContract(DatabaseProvider.Sqlite);

public sealed class PostgresConsolePeopleApiTests() : ConsolePeopleApiContract(DatabaseProvider.Postgres);
