using MiniExcelLibs;
using static Attendance.BotHost.Tests.Days.SmallCompany;

namespace Attendance.BotHost.Tests.Days;

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

        (await Status()).Should().Be("absent");
        async Task<JsonElement> Allowance(string query = "") => await Expect(await host.Client.SendAsync(
            host.Request(HttpMethod.Get, "/api/me/corrections/allowance" + query, bearer: token)), HttpStatusCode.OK);
        var fresh = await Allowance($"?month={date[..7]}");
        fresh.GetProperty("monthlyLimit").GetInt32().Should().Be(3);
        fresh.GetProperty("used").GetInt32().Should().Be(0);
        fresh.GetProperty("remaining").GetInt32().Should().Be(3);
        fresh.GetProperty("maxDaysBack").GetInt32().Should().Be(7);
        fresh.GetProperty("earliestDate").GetString().Should().Be(today.AddDays(-7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/corrections/allowance?month=2026-13", bearer: token)),
            HttpStatusCode.BadRequest);
        var first = await Expect(await Ask(new { date, kind = "in", time = "08:58", reason = "忘记打卡" }), HttpStatusCode.Created);
        first.GetProperty("state").GetString().Should().Be("pending");
        var second = await Expect(await Ask(new { date, kind = "out", time = "18:05", reason = "手机没电" }), HttpStatusCode.Created);
        (await Status()).Should().Be("absent");

        await Ok(host, HttpMethod.Post, $"/api/admin/corrections/{first.GetProperty("id").GetInt64()}/decision", new { approve = true });
        await Ok(host, HttpMethod.Post, $"/api/admin/corrections/{second.GetProperty("id").GetInt64()}/decision", new { approve = true });
        (await Status()).Should().Be("normal");
        await Expect(await host.AdminAsync(HttpMethod.Post, $"/api/admin/corrections/{first.GetProperty("id").GetInt64()}/decision", new { approve = false }),
            HttpStatusCode.Conflict);
        await Expect(await host.AdminAsync(HttpMethod.Post, "/api/admin/corrections/999999/decision", new { approve = true }), HttpStatusCode.NotFound);

        var old = await Expect(await Ask(new { date = today.AddDays(-8).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = "in", time = "09:00", reason = "补" }),
            HttpStatusCode.UnprocessableEntity);
        old.GetProperty("title").GetString().Should().Contain("7 天");
        await Expect(await Ask(new { date = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kind = "in", time = "09:00", reason = "补" }),
            HttpStatusCode.UnprocessableEntity);
        var bad = await Expect(await Ask(new { date, kind = "auto", time = "9点", reason = "" }), HttpStatusCode.BadRequest);
        bad.GetProperty("errors").TryGetProperty("kind", out _).Should().BeTrue();
        bad.GetProperty("errors").TryGetProperty("time", out _).Should().BeTrue();

        await Expect(await Ask(new { date, kind = "in", time = "09:00", reason = "第三次" }), HttpStatusCode.Created);
        var fourth = await Expect(await Ask(new { date, kind = "in", time = "09:00", reason = "第四次" }), HttpStatusCode.UnprocessableEntity);
        fourth.GetProperty("title").GetString().Should().Contain("本月补卡次数已用完");
        var mine = await Expect(await host.Client.SendAsync(host.Request(HttpMethod.Get, "/api/me/corrections", bearer: token)), HttpStatusCode.OK);
        mine.GetArrayLength().Should().Be(3);
        // Times are the company's wall clock with its offset, as punches are (read back from the store they are UTC,
        // and a page reading the clock off "00:58+00:00" showed 00:58 for a request made for 08:58).
        var asked = mine.EnumerateArray().Single(c => c.GetProperty("reason").GetString() == "忘记打卡");
        asked.GetProperty("time").GetString().Should().Be($"{date}T08:58:00+08:00");
        asked.GetProperty("decidedAt").GetDateTimeOffset().Offset.Should().Be(TimeSpan.FromHours(8));

        // The employee hears of each decision made through the API (the HR console) once, in Chinese, as when a
        // leader decides on the chat card.
        var outbox = host.Services.GetRequiredService<Data.Outbox.OutboxRepository>();
        var told = (await outbox.ListAsync(null, 500, 0)).Where(r => r.Target == "qianmo" && r.Payload.Contains("您的补卡申请", StringComparison.Ordinal)).ToList();
        told.Should().HaveCount(2);
        told.Should().ContainSingle(r => r.Payload.Contains($"编号 {first.GetProperty("id").GetInt64()}：", StringComparison.Ordinal)).Which.Payload
            .Should().Contain("上班 08:58").And.Contain("已通过").And.Contain("审批人：管理员");
        var spent = await Allowance($"?month={date[..7]}");
        spent.GetProperty("month").GetString().Should().Be(date[..7]);
        spent.GetProperty("used").GetInt32().Should().Be(3);
        spent.GetProperty("remaining").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task The_monthly_report_comes_as_json_csv_with_bom_and_xlsx_with_a_sheet_per_department()
    {
        await using var host = await TestHost.StartAsync();
        await SeedAsync(host);

        var json = await Ok(host, HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=json");
        var rows = json.GetProperty("employees").EnumerateArray().ToDictionary(r => r.GetProperty("userId").GetString()!);
        rows["wangfang"].GetProperty("earlyLeaveCount").GetInt32().Should().Be(1);
        rows["wangfang"].GetProperty("earlyLeaveMinutes").GetInt32().Should().Be(30);
        rows["lina"].GetProperty("lateMinutes").GetInt32().Should().Be(6);
        rows["zhoujie"].GetProperty("leaveDays").GetInt32().Should().Be(1);
        var expected = rows["zhaolei"].GetProperty("expectedWorkdays").GetInt32();
        expected.Should().BeGreaterThanOrEqualTo(15, $"October 2026 has about 17 workdays, got {expected}");
        rows["zhaolei"].GetProperty("absentDays").GetInt32().Should().Be(expected);
        rows["zhaolei"].GetProperty("presentDays").GetInt32().Should().Be(0);

        var csv = await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&departmentId=1&format=csv");
        csv.StatusCode.Should().Be(HttpStatusCode.OK);
        (csv.Content.Headers.ContentType?.MediaType).Should().Be("text/csv");
        (csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName).Should().Be("attendance-2026-10-1.csv");
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes[..3].Should().Equal(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("工号,姓名,部门,应出勤天数,出勤天数,迟到次数,迟到分钟");
        lines.Should().Contain(l => l.StartsWith("wangfang,王芳,总部,", StringComparison.Ordinal));
        lines.Should().NotContain(l => l.StartsWith("hans,", StringComparison.Ordinal));

        var xlsx = await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=xlsx");
        (xlsx.Content.Headers.ContentType?.MediaType).Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using var book = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheets = book.GetSheetNames();
        sheets.Should().Contain("总部");
        sheets.Should().Contain("柏林办");
        sheets.Should().Contain("研发部");
        book.Position = 0;
        var berlin = book.Query(useHeaderRow: true, sheetName: "柏林办").Cast<IDictionary<string, object>>().ToList();
        berlin.Should().ContainSingle().Which["姓名"].Should().Be("Hans");
        (Convert.ToDouble(berlin[0]["旷工天数"], CultureInfo.InvariantCulture) - rows["hans"].GetProperty("absentDays").GetInt32()).Should().Be(0d);

        await Expect(await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-13&format=json"), HttpStatusCode.BadRequest);
        await Expect(await host.AdminAsync(HttpMethod.Get, "/api/admin/reports/monthly?month=2026-10&format=pdf"), HttpStatusCode.BadRequest);
    }
}
