namespace Attendance.BotHost.Tests.Jobs;

/// <summary>
/// Every run is recorded in <c>job_runs</c> as it starts and completed as it ends, and the admin API shows each job's
/// newest run and a job's history, on each database.
/// </summary>
public sealed class JobRunRecordTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_triggered_run_and_a_failed_one_are_recorded_with_the_host_and_shown_newest_first(DatabaseProvider provider)
    {
        TestDatabase.RequireOrSkip(provider);
        await using var host = await TestHost.StartAsync(provider, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false",
            "--Outbox:HostName=host-7");
        var jobs = await Json(await host.AdminAsync(HttpMethod.Get, "/api/admin/jobs"), HttpStatusCode.OK);
        jobs.EnumerateArray().Should().OnlyContain(j => IsNull(j, "lastRun"), "nothing has run yet");

        var ok = await Json(await host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { date = "2026-10-12" }), HttpStatusCode.OK);
        await Json(await host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/digest/trigger", new { departmentId = 999 }), HttpStatusCode.BadRequest);

        var runs = (await Json(await host.AdminAsync(HttpMethod.Get, "/api/admin/jobs/digest/runs"), HttpStatusCode.OK)).EnumerateArray().ToList();
        runs.Should().HaveCount(2);
        var failed = runs[0];
        failed.GetProperty("outcome").GetString().Should().Be("failed");
        failed.GetProperty("departmentId").GetInt64().Should().Be(999);
        failed.GetProperty("error").GetString().Should().Contain("department 999 does not exist");
        var succeeded = runs[1];
        succeeded.GetProperty("outcome").GetString().Should().Be("succeeded");
        succeeded.GetProperty("origin").GetString().Should().Be("manual");
        IsNull(succeeded, "scheduledFor").Should().BeTrue();
        succeeded.GetProperty("host").GetString().Should().Be("host-7");
        succeeded.GetProperty("date").GetString().Should().Be("2026-10-12");
        // PostgreSQL keeps microseconds, the answer carries the clock's ticks.
        succeeded.GetProperty("startedAt").GetDateTimeOffset().Should().BeCloseTo(ok.GetProperty("startedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        succeeded.GetProperty("finishedAt").GetDateTimeOffset().Should().BeOnOrAfter(succeeded.GetProperty("startedAt").GetDateTimeOffset());
        succeeded.GetProperty("counts").GetProperty("departments").GetInt64().Should().Be(ok.GetProperty("counts").GetProperty("departments").GetInt64());

        var listed = await Json(await host.AdminAsync(HttpMethod.Get, "/api/admin/jobs"), HttpStatusCode.OK);
        listed.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "digest").GetProperty("lastRun").GetProperty("id").GetInt64()
            .Should().Be(failed.GetProperty("id").GetInt64());
        listed.EnumerateArray().Where(j => j.GetProperty("name").GetString() != "digest")
            .Should().OnlyContain(j => IsNull(j, "lastRun"));
        (await Json(await host.AdminAsync(HttpMethod.Get, "/api/admin/jobs/digest/runs?limit=1"), HttpStatusCode.OK)).GetArrayLength().Should().Be(1);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Runs_older_than_half_a_year_are_purged_but_each_jobs_newest_stays(DatabaseProvider provider)
    {
        TestDatabase.RequireOrSkip(provider);
        await using var host = await TestHost.StartAsync(provider, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false");
        var runs = host.Services.GetRequiredService<Data.Jobs.JobRunRepository>();
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        async Task<long> Run(string job, long? department, int daysAgo) =>
            await runs.StartAsync(new Data.Jobs.JobRunStart(job, department, null, Data.Jobs.JobRunOrigins.Manual, null, "h", now.AddDays(-daysAgo)));
        var oldDigest1 = await Run("digest", null, 300);
        var oldDigest2 = await Run("digest", null, 200);
        var recentDigest = await Run("digest", null, 10);
        var onlyDepartmentRun = await Run("digest", 7, 400);
        var onlySync = await Run("directory-sync", null, 365);

        var summary = await Json(await host.AdminAsync(HttpMethod.Post, "/api/admin/jobs/retention-purge/trigger"), HttpStatusCode.OK);
        summary.GetProperty("counts").GetProperty("jobRunsPurged").GetInt64().Should().Be(2);

        var left = (await runs.ListAsync(null, 100)).Select(r => r.Id).ToList();
        left.Should().Contain([recentDigest, onlyDepartmentRun, onlySync]).And.NotContain([oldDigest1, oldDigest2]);
        // A second purge finds nothing more to do.
        (await runs.PurgeOlderThanAsync(now.AddDays(-180))).Should().Be(0);
    }

    [Theory]
    [InlineData("/api/admin/jobs/nope/runs", HttpStatusCode.NotFound)]
    [InlineData("/api/admin/jobs/digest/runs?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/admin/jobs/digest/runs?limit=501", HttpStatusCode.BadRequest)]
    public async Task A_bad_history_request_is_refused(string path, HttpStatusCode status)
    {
        await using var host = await TestHost.StartAsync(DatabaseProvider.Sqlite, false, "--Scheduling:Enabled=false", "--Outbox:Enabled=false");
        await Json(await host.AdminAsync(HttpMethod.Get, path), status);
    }

    /// <summary>Null members are left out of the API's JSON.</summary>
    private static bool IsNull(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
