using System.Net;
using System.Text.Json;
using static Attendance.BotHost.Tests.Schedule.SmallCompany;

namespace Attendance.BotHost.Tests.Schedule;

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
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(Records().Length, again.GetProperty("duplicates").GetInt32());

        var summary = (await Ok(host, HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger", new { date = Monday })).GetProperty("details");
        Assert.Equal(Monday, summary.GetProperty("date").GetString());
        Assert.Equal(13, summary.GetProperty("evaluated").GetInt32());
        Assert.Equal(13, summary.GetProperty("final").GetInt32());
        Assert.Equal(1, summary.GetProperty("byStatus").GetProperty("absent").GetInt32());

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
        Assert.Equal("2026-10-13T00:35:00+08:00", days["yewan"].GetProperty("lastOut").GetString());
        AssertDay(days["sunli"], "normal");
        Assert.Equal("2026-10-13T06:02:00+08:00", days["sunli"].GetProperty("lastOut").GetString());
        Assert.Equal("night", days["sunli"].GetProperty("shiftId").GetString());
        AssertDay(days["hans"], "normal");
        Assert.Equal("2026-10-12T08:58:00+02:00", days["hans"].GetProperty("firstIn").GetString());
        Assert.Equal(2, days["zhangwei"].GetProperty("punches").GetArrayLength());
        Assert.True(days["zhangwei"].GetProperty("isFinal").GetBoolean());

        var berlin = (await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}&departmentId=2")).EnumerateArray().ToList();
        Assert.Equal("hans", Assert.Single(berlin).GetProperty("userId").GetString());

        var holiday = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-01"));
        Assert.Equal("holiday", holiday["zhangwei"].GetProperty("status").GetString());
        var makeUp = ByUser(await Ok(host, HttpMethod.Get, "/api/admin/days?date=2026-10-10"));
        AssertDay(makeUp["zhangwei"], "normal");
        Assert.Equal("day", makeUp["zhangwei"].GetProperty("shiftId").GetString());
        AssertDay(makeUp["lina"], "absent");

        var login = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "lina" })), HttpStatusCode.OK);
        var token = login.GetProperty("token").GetString();
        var mine = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/days?from=2026-10-10&to=2026-10-12", bearer: token)),
            HttpStatusCode.OK);
        Assert.Equal(["absent", "rest", "late"], mine.EnumerateArray().Select(d => d.GetProperty("status").GetString()));
        await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/days?from=2026-08-01&to=2026-10-12", bearer: token)),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Someone_added_after_a_date_was_finalized_still_gets_that_date()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);
        await Ok(host, HttpMethod.Post, "/api/admin/jobs/finalize-days/trigger", new { date = Monday });
        Assert.False(ByUser(await Ok(host, HttpMethod.Get, $"/api/admin/days?date={Monday}")).ContainsKey("newbie"));

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
        Assert.Equal("holiday", after["zhangwei"].GetProperty("status").GetString());

        var year = await Ok(host, HttpMethod.Get, "/api/admin/calendar?year=2026");
        var entries = year.EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("date").GetString() == "2026-10-14" && e.GetProperty("source").GetString() == "override");
        Assert.Contains(entries, e => e.GetProperty("date").GetString() == "2026-10-10" && e.GetProperty("kind").GetString() == "workday");
    }

    [Fact]
    public async Task Overlapping_assignments_and_unknown_shifts_are_refused_and_bad_import_records_name_their_index()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);
        var overlap = await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { userId = "yewan", shiftId = "day", from = "2026-10-20", weekdays = new[] { 3 } }), HttpStatusCode.Conflict);
        Assert.Contains("与已有排班冲突", overlap.GetProperty("title").GetString(), StringComparison.Ordinal);
        var unknown = await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/assignments",
            new { userId = "lina", shiftId = "nope", from = "2026-10-20" }), HttpStatusCode.BadRequest);
        Assert.True(unknown.GetProperty("errors").TryGetProperty("shiftId", out _));

        var listed = await Ok(host, HttpMethod.Get, "/api/admin/assignments?userId=yewan");
        var id = Assert.Single(listed.EnumerateArray().ToList()).GetProperty("id").GetInt64();
        await Ok(host, HttpMethod.Delete, $"/api/admin/assignments/{id}");
        await Ok(host, HttpMethod.Post, "/api/admin/assignments", new { userId = "yewan", shiftId = "day", from = "2026-10-20", weekdays = new[] { 3 } });

        var bad = await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/punches/import", new
        {
            records = new object[] { Punch("lina", "2026-10-12T09:00:00+08:00", null), new { userId = "lina", source = "kiosk" }, new { userId = "lina", time = "2026-10-12T09:00:00+08:00", source = "fax" } },
        }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("records[1].time", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("records[2].source", out _));
    }

    private static void AssertDay(JsonElement day, string status, int? late = null, int? early = null)
    {
        Assert.True(status == day.GetProperty("status").GetString(), $"{day.GetProperty("userId")}: expected {status}, got {day}");
        if (late is { } l)
        {
            Assert.Equal(l, day.GetProperty("lateMinutes").GetInt32());
        }

        if (early is { } e)
        {
            Assert.Equal(e, day.GetProperty("earlyLeaveMinutes").GetInt32());
        }
    }
}
