using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Days;

public sealed class DaysEndToEndTests
{
    [Theory]
    [InlineData(Data.DatabaseProvider.Sqlite)]
    [InlineData(Data.DatabaseProvider.Postgres)]
    public async Task Import_then_finalize_then_days_give_each_case_its_status_and_minutes(Data.DatabaseProvider provider)
    {
        Attendance.Testing.Databases.TestDatabase.RequireOrSkip(provider);
        await using var host = await TestHost.StartAsync(provider, false, "--Security:DevLogin=true");
        await SeedAsync(host);

        var again = await Ok(host, HttpMethod.Post, "/api/admin/punches/import", new { records = Records() });
        again.GetProperty("created").GetInt32().Should().Be(0);
        again.GetProperty("duplicates").GetInt32().Should().Be(Records().Length);

        var summary = (await Ok(host, HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger", new { date = Monday })).GetProperty("details");
        summary.GetProperty("date").GetString().Should().Be(Monday);
        summary.GetProperty("evaluated").GetInt32().Should().Be(13);
        summary.GetProperty("final").GetInt32().Should().Be(13);
        summary.GetProperty("byStatus").GetProperty("absent").GetInt32().Should().Be(1);

        var days = ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}"));
        AssertDay(days["zhangwei"], "normal", late: 0);
        AssertDay(days["lina"], "late", late: 6);
        AssertDay(days["wangfang"], "early_leave", early: 30);
        AssertDay(days["liuyang"], "missing_in");
        AssertDay(days["chenjing"], "missing_out");
        AssertDay(days["zhaolei"], "absent");
        AssertDay(days["zhoujie"], "leave");
        AssertDay(days["wujun"], "rest");
        AssertDay(days["xuqing"], "rest");
        AssertDay(days["xiaoming"], "normal");
        AssertDay(days["yewan"], "normal");
        days["yewan"].GetProperty("lastOut").GetString().Should().Be("2026-10-13T00:35:00+08:00");
        AssertDay(days["sunli"], "normal");
        days["sunli"].GetProperty("lastOut").GetString().Should().Be("2026-10-13T06:02:00+08:00");
        days["sunli"].GetProperty("shiftId").GetString().Should().Be("night");
        AssertDay(days["hans"], "normal");
        days["hans"].GetProperty("firstIn").GetString().Should().Be("2026-10-12T08:58:00+02:00");
        days["zhangwei"].GetProperty("punches").GetArrayLength().Should().Be(2);
        days["zhangwei"].GetProperty("isFinal").GetBoolean().Should().BeTrue();

        var berlin = (await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}&departmentId=2")).EnumerateArray().ToList();
        berlin.Should().ContainSingle().Which.GetProperty("userId").GetString().Should().Be("hans");

        var holiday = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-01"));
        holiday["zhangwei"].GetProperty("status").GetString().Should().Be("holiday");
        var makeUp = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-10"));
        AssertDay(makeUp["zhangwei"], "normal");
        makeUp["zhangwei"].GetProperty("shiftId").GetString().Should().Be("day");
        AssertDay(makeUp["lina"], "absent");

        var login = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "lina" })), HttpStatusCode.OK);
        var token = login.GetProperty("token").GetString();
        var mine = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/days?from=2026-10-10&to=2026-10-12", bearer: token)),
            HttpStatusCode.OK);
        mine.EnumerateArray().Select(d => d.GetProperty("status").GetString()).Should().Equal(["absent", "rest", "late"]);
        await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/days?from=2026-08-01&to=2026-10-12", bearer: token)),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Someone_added_after_a_date_was_finalized_still_gets_that_date()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);
        await Ok(host, HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger", new { date = Monday });
        ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}")).ContainsKey("newbie").Should().BeFalse();

        await Ok(host, HttpMethod.Put, "/api/admin/employees/newbie", new { name = "新同事", departmentIds = new[] { 1 }, joinedOn = "2026-10-01" });
        var days = ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}"));
        AssertDay(days["newbie"], "absent");
        AssertDay(days["lina"], "late", late: 6);
    }

    [Fact]
    public async Task A_shift_edit_recomputes_the_days_it_is_rostered_to()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);
        await Ok(host, HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger", new { date = Monday });
        AssertDay(ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}"))["lina"], "late", late: 6);

        await Ok(host, HttpMethod.Put, "/api/admin/shifts/day", new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } }, lateGraceMinutes = 10 });
        var days = ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}"));
        AssertDay(days["lina"], "normal", late: 0);
        AssertDay(days["sunli"], "normal");
    }

    [Fact]
    public async Task A_calendar_edit_recomputes_that_date()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);
        var before = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-14"));
        AssertDay(before["zhangwei"], "absent");
        await Ok(host, HttpMethod.Put, "/api/admin/calendar/2026-10-14", new { kind = "holiday", name = "公司庆典" });
        var after = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-14"));
        after["zhangwei"].GetProperty("status").GetString().Should().Be("holiday");

        var year = await Ok(host, HttpMethod.Get, "/api/admin/calendar?year=2026");
        var entries = year.EnumerateArray().ToList();
        entries.Should().Contain(e => e.GetProperty("date").GetString() == "2026-10-14" && e.GetProperty("source").GetString() == "override");
        entries.Should().Contain(e => e.GetProperty("date").GetString() == "2026-10-10" && e.GetProperty("kind").GetString() == "workday");

        // Removing the override gives the date back to the shipped calendar, re-evaluates it and is audited.
        await Ok(host, HttpMethod.Delete, "/api/admin/calendar/2026-10-14");
        var undone = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-14"));
        AssertDay(undone["zhangwei"], "absent");
        (await Ok(host, HttpMethod.Get, "/api/admin/calendar?year=2026")).EnumerateArray()
            .Should().NotContain(e => e.GetProperty("date").GetString() == "2026-10-14");
        await Expect(await host.AdminAsync(HttpMethod.Delete, "/api/admin/calendar/2026-10-14"), HttpStatusCode.NotFound);
        await Expect(await host.AdminAsync(HttpMethod.Delete, "/api/admin/calendar/2026-13-01"), HttpStatusCode.BadRequest);
        var audit = await Ok(host, HttpMethod.Get, "/api/admin/audit?entityType=calendar_day&entityId=2026-10-14");
        audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()).Should().Equal("calendar.delete", "calendar.set");
    }

    [Fact]
    public async Task Overlapping_assignments_and_unknown_shifts_are_refused_and_bad_import_records_name_their_index()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);
        var overlap = await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { userId = "yewan", shiftId = "day", from = "2026-10-20", weekdays = new[] { 3 } }), HttpStatusCode.Conflict);
        overlap.GetProperty("title").GetString().Should().Contain("与已有排班冲突");
        var unknown = await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { userId = "lina", shiftId = "nope", from = "2026-10-20" }), HttpStatusCode.BadRequest);
        unknown.GetProperty("errors").TryGetProperty("shiftId", out _).Should().BeTrue();

        var listed = await Ok(host, HttpMethod.Get, "/api/admin/assignments?userId=yewan");
        var id = listed.EnumerateArray().ToList().Should().ContainSingle().Which.GetProperty("id").GetInt64();
        await Ok(host, HttpMethod.Delete, $"/api/admin/assignments/{id}");
        await Ok(host, HttpMethod.Post, "/api/admin/assignments", new { userId = "yewan", shiftId = "day", from = "2026-10-20", weekdays = new[] { 3 } });

        var bad = await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/punches/import", new
        {
            records = new object[] { Punch("lina", "2026-10-12T09:00:00+08:00", null), new { userId = "lina", source = "kiosk" }, new { userId = "lina", time = "2026-10-12T09:00:00+08:00", source = "fax" } },
        }), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("records[1].time", out _).Should().BeTrue();
        bad.GetProperty("errors").TryGetProperty("records[2].source", out _).Should().BeTrue();
    }

    private static void AssertDay(JsonElement day, string status, int? late = null, int? early = null)
    {
        status.Should().Be(day.GetProperty("status").GetString(), $"{day.GetProperty("userId")}: expected {status}, got {day}");
        if (late is { } l)
        {
            day.GetProperty("lateMinutes").GetInt32().Should().Be(l);
        }

        if (early is { } e)
        {
            day.GetProperty("earlyLeaveMinutes").GetInt32().Should().Be(e);
        }
    }
}
