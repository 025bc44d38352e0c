using System.Globalization;
using System.Net;
using System.Text;
using MiniExcelLibs;
using static Attendance.BotHost.Tests.Schedule.SmallCompany;

namespace Attendance.BotHost.Tests.Schedule;

public sealed class CorrectionAndReportTests
{
    [Fact]
    public async Task Corrections_are_limited_per_month_and_days_back_and_an_approved_one_counts_as_a_punch()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Security:DevLogin=true");
        var shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, shanghai);
        var today = DateOnly.FromDateTime(local.Hour < 4 ? local.DateTime.AddDays(-1) : local.DateTime);
        var day = today.AddDays(-2);
        var date = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Ok(host, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" });
        await Ok(host, HttpMethod.Put, "/api/admin/employees/qianmo", new { name = "钱默", departmentIds = new[] { 1 } });
        await Ok(host, HttpMethod.Put, "/api/admin/shifts/day", new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } } });
        await Ok(host, HttpMethod.Post, "/api/admin/assignments",
            new { userId = "qianmo", shiftId = "day", from = today.AddDays(-30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), weekdays = new[] { 1, 2, 3, 4, 5, 6, 7 } });
        await Ok(host, HttpMethod.Put, $"/api/admin/calendar/{date}", new { kind = "workday", name = "测试工作日" });

        var login = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "qianmo" })), HttpStatusCode.OK);
        var token = login.GetProperty("token").GetString();
        Task<HttpResponseMessage> Ask(object body) => host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/me/corrections", body, token));
        async Task<string?> Status() => (await Expect(await host.Client.SendAsync(
            host.Request(HttpMethod.Get, $"/api/me/days?from={date}&to={date}", bearer: token)), HttpStatusCode.OK))[0].GetProperty("status").GetString();

        Assert.Equal("absent", await Status());
        var first = await Expect(await Ask(new { date, kind = "in", time = "08:58", reason = "忘记打卡" }), HttpStatusCode.Created);
        Assert.Equal("pending", first.GetProperty("state").GetString());
        var second = await Expect(await Ask(new { date, kind = "out", time = "18:05", reason = "手机没电" }), HttpStatusCode.Created);
        Assert.Equal("absent", await Status());

        await Ok(host, HttpMethod.Post, $"/api/admin/corrections/{first.GetProperty("id").GetInt64()}/decision", new { approve = true });
        await Ok(host, HttpMethod.Post, $"/api/admin/corrections/{second.GetProperty("id").GetInt64()}/decision", new { approve = true });
        Assert.Equal("normal", await Status());
        await Expect(await host.AdminAsync(HttpMethod.Post, $"/api/admin/corrections/{first.GetProperty("id").GetInt64()}/decision", new { approve = false }),
            HttpStatusCode.Conflict);
        await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/corrections/999999/decision", new { approve = true }), HttpStatusCode.NotFound);

        var old = await Expect(await Ask(new { date = today.AddDays(-8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = "in", time = "09:00", reason = "补" }),
            HttpStatusCode.UnprocessableEntity);
        Assert.Contains("7 天", old.GetProperty("title").GetString(), StringComparison.Ordinal);
        await Expect(await Ask(new { date = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = "in", time = "09:00", reason = "补" }),
            HttpStatusCode.UnprocessableEntity);
        var bad = await Expect(await Ask(new { date, kind = "auto", time = "9点", reason = "" }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("kind", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("time", out _));

        await Expect(await Ask(new { date, kind = "in", time = "09:00", reason = "第三次" }), HttpStatusCode.Created);
        var fourth = await Expect(await Ask(new { date, kind = "in", time = "09:00", reason = "第四次" }), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("本月补卡次数已用完", fourth.GetProperty("title").GetString(), StringComparison.Ordinal);
        var mine = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/corrections", bearer: token)), HttpStatusCode.OK);
        Assert.Equal(3, mine.GetArrayLength());
    }

    [Fact]
    public async Task The_monthly_report_comes_as_json_csv_with_bom_and_xlsx_with_a_sheet_per_department()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);

        var json = await Ok(host, HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=json");
        var rows = json.GetProperty("employees").EnumerateArray().ToDictionary(r => r.GetProperty("userId").GetString()!);
        Assert.Equal(1, rows["wangfang"].GetProperty("earlyLeaveCount").GetInt32());
        Assert.Equal(30, rows["wangfang"].GetProperty("earlyLeaveMinutes").GetInt32());
        Assert.Equal(6, rows["lina"].GetProperty("lateMinutes").GetInt32());
        Assert.Equal(1, rows["zhoujie"].GetProperty("leaveDays").GetInt32());
        var expected = rows["zhaolei"].GetProperty("expectedWorkdays").GetInt32();
        Assert.True(expected >= 15, $"October 2026 has about 17 workdays, got {expected}");
        Assert.Equal(expected, rows["zhaolei"].GetProperty("absentDays").GetInt32());
        Assert.Equal(0, rows["zhaolei"].GetProperty("presentDays").GetInt32());

        var csv = await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&departmentId=1&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attendance-2026-10-1.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("工号,姓名,部门,应出勤天数,出勤天数,迟到次数,迟到分钟", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("wangfang,王芳,总部,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("hans,", StringComparison.Ordinal));

        var xlsx = await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
        using var book = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheets = book.GetSheetNames();
        Assert.Contains("总部", sheets);
        Assert.Contains("柏林办", sheets);
        Assert.Contains("研发部", sheets);
        book.Position = 0;
        var berlin = book.Query(useHeaderRow: true, sheetName: "柏林办").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("Hans", Assert.Single(berlin)["姓名"]);
        Assert.Equal(0d, Convert.ToDouble(berlin[0]["旷工天数"], CultureInfo.InvariantCulture) - rows["hans"].GetProperty("absentDays").GetInt32());

        await Expect(await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-13&format=json"), HttpStatusCode.BadRequest);
        await Expect(await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=pdf"), HttpStatusCode.BadRequest);
    }
}
