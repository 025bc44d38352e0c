using System.Net.Http.Headers;
using Attendance.Data.Schedule;
using Attendance.Rules.Schedule;
using MiniExcelLibs;

namespace Attendance.BotHost.Tests.Days;

/// <summary>
/// The roster sheet over real HTTP (<c>GET /api/admin/rosters/{month}.xlsx</c>, <c>POST /api/admin/rosters/import</c>):
/// exporting and importing back changes nothing, refused cells are named and the rest is stored, importing twice
/// changes nothing the second time, an open-ended assignment is cut around the imported dates, bad files are 400/413/415.
/// </summary>
public abstract class RosterImportContract(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Month = "2026-11";

    private TestHost? _host;

    private TestHost Host => _host ?? throw new InvalidOperationException("no database");

    public async ValueTask InitializeAsync()
    {
        if (TestDatabase.UnavailableReason(provider) is null)
        {
            _host = await TestHost.StartAsync(provider, false, "--Scheduling:Enabled=false");
            await SeedAsync(Host);
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

    private static async Task SeedAsync(TestHost host)
    {
        await SmallCompany.Ok(host, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" });
        foreach (var (id, name) in new[] { ("zhangwei", "张伟"), ("lina", "李娜"), ("wangfang", "王芳") })
        {
            await SmallCompany.Ok(host, HttpMethod.Put, $"/api/admin/employees/{id}", new { name, departmentIds = new[] { 1 } });
        }

        await SmallCompany.Ok(host, HttpMethod.Put, "/api/admin/employees/xuqing", new { name = "徐青", departmentIds = new[] { 1 }, leftOn = "2026-10-09" });
        await SmallCompany.Ok(host, HttpMethod.Put, "/api/admin/shifts/day", new { name = "白班", segments = new[] { new { start = "09:00", end = "18:00" } } });
        await SmallCompany.Ok(host, HttpMethod.Put, "/api/admin/shifts/late", new { name = "晚班", segments = new[] { new { start = "14:00", end = "23:00" } } });
        await SmallCompany.Ok(host, HttpMethod.Post, "/api/admin/assignments", new { departmentId = 1, shiftId = "day", from = "2026-01-01" });
        await SmallCompany.Ok(host, HttpMethod.Post, "/api/admin/assignments", new { userId = "lina", shiftId = "late", from = "2026-11-10" });
    }

    /// <summary>A sheet in HR's layout: 工号, 姓名, then the given headers; each row the userid, a name and its cells.</summary>
    public static byte[] Sheet(IReadOnlyList<string> headers, params (string UserId, Dictionary<string, string> Cells)[] rows)
    {
        var lines = rows.Select(r =>
        {
            var line = new Dictionary<string, object?>(StringComparer.Ordinal) { ["工号"] = r.UserId, ["姓名"] = "某人" };
            foreach (var h in headers)
            {
                line[h] = r.Cells.GetValueOrDefault(h);
            }

            return line;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(lines);
        return stream.ToArray();
    }

    public static string[] MonthHeaders(int year, int month) =>
        [.. Enumerable.Range(1, DateTime.DaysInMonth(year, month)).Select(d => new DateOnly(year, month, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];

    private async Task<JsonElement> ImportAsync(byte[] file, HttpStatusCode expected = HttpStatusCode.OK, string month = Month, bool dryRun = false,
        string contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    {
        var request = Host.Request(HttpMethod.Post, $"/api/admin/rosters/import?month={month}{(dryRun ? "&dryRun=true" : "")}", bearer: TestHost.AdminKey);
        request.Content = new ByteArrayContent(file);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await SmallCompany.Expect(await Host.Client.SendAsync(request), expected);
    }

    private async Task<List<Assignment>> OwnAsync(string userId) =>
        [.. (await Host.Services.GetRequiredService<AssignmentRepository>().ListAsync(userId)).OrderBy(a => a.From)];

    private async Task<int> AuditCountAsync(string action)
    {
        var rows = await SmallCompany.Ok(Host, HttpMethod.Get, $"/api/admin/audit?entityType={action.Split('.')[0]}&limit=1000");
        return rows.EnumerateArray().Count(r => r.GetProperty("action").GetString() == action);
    }

    [Fact]
    public async Task Export_then_import_changes_nothing_a_refused_cell_is_named_the_rest_is_stored_and_a_second_import_changes_nothing()
    {
        TestDatabase.RequireOrSkip(provider);
        var all = (await Host.Services.GetRequiredService<AssignmentRepository>().ListAsync()).Select(a => a.Id).Order().ToList();

        // Round trip: what the export says is what everyone works.
        var exported = await Host.AdminAsync(HttpMethod.Get, $"/api/admin/rosters/{Month}.xlsx");
        exported.StatusCode.Should().Be(HttpStatusCode.OK);
        exported.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var bytes = await exported.Content.ReadAsByteArrayAsync();
        using (var stream = new MemoryStream(bytes))
        {
            var rows = stream.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
            rows[0]["A"].Should().Be("工号");
            rows[0]["C"].Should().Be("2026-11-01");
            var lina = rows.Single(r => (string?)r["A"] == "lina");
            lina["C"].Should().Be("休", "2026-11-01 is a Sunday");
            lina["D"].Should().Be("白班", "the department's roster until the 9th");
            lina["L"].Should().Be("晚班", "her own from the 10th");
        }

        var roundTrip = await ImportAsync(bytes);
        roundTrip.GetProperty("applied").GetInt32().Should().Be(0);
        roundTrip.GetProperty("refused").GetArrayLength().Should().Be(0);
        roundTrip.GetProperty("unchanged").GetInt32().Should().BeGreaterThan(60);
        (await Host.Services.GetRequiredService<AssignmentRepository>().ListAsync()).Select(a => a.Id).Order().Should().Equal(all);

        // HR's sheet: zhangwei works late on the 3rd and 4th and rests on Thursday the 5th; lina works 白班 on the 15th
        // (inside her open-ended late roster); wangfang's 夜班 is no shift; nobody is not in the directory; xuqing left;
        // zhangwei's row is there twice.
        var headers = MonthHeaders(2026, 11);
        var sheet = Sheet(headers,
            ("zhangwei", new() { ["2026-11-03"] = "晚班", ["2026-11-04"] = "late", ["2026-11-05"] = "休", ["2026-11-02"] = "白班" }),
            ("lina", new() { ["2026-11-15"] = "白班", ["2026-11-16"] = "晚班" }),
            ("wangfang", new() { ["2026-11-06"] = "夜班", ["2026-11-07"] = "晚班" }),
            ("nobody", new() { ["2026-11-06"] = "白班" }),
            ("xuqing", new() { ["2026-11-06"] = "白班" }),
            ("zhangwei", new() { ["2026-11-06"] = "晚班" }));

        var dry = await ImportAsync(sheet, dryRun: true);
        dry.GetProperty("dryRun").GetBoolean().Should().BeTrue();
        dry.GetProperty("applied").GetInt32().Should().Be(5);
        (await OwnAsync("zhangwei")).Should().BeEmpty("a dry run stores nothing");

        var result = await ImportAsync(sheet);
        result.GetProperty("applied").GetInt32().Should().Be(5, "zhangwei 3rd, 4th, 5th; lina 15th; wangfang 7th");
        result.GetProperty("unchanged").GetInt32().Should().Be(2, "zhangwei's 白班 on the 2nd and lina's 晚班 on the 16th");
        var refused = result.GetProperty("refused").EnumerateArray()
            .Select(r => (Row: r.GetProperty("row").GetInt32(), Column: r.GetProperty("column").GetString(), Header: r.GetProperty("header").GetString(),
                Reason: r.GetProperty("reason").GetString()!))
            .ToList();
        refused.Should().HaveCount(4);
        refused[0].Should().Match<(int Row, string? Column, string? Header, string Reason)>(r =>
            r.Row == 4 && r.Column == "H" && r.Header == "2026-11-06" && r.Reason.Contains("未知班次") && r.Reason.Contains("夜班"));
        refused[1].Should().Match<(int Row, string? Column, string? Header, string Reason)>(r =>
            r.Row == 5 && r.Column == "A" && r.Header == "工号" && r.Reason.Contains("未知员工"));
        refused[2].Should().Match<(int Row, string? Column, string? Header, string Reason)>(r => r.Row == 6 && r.Column == "A" && r.Reason.Contains("离职"));
        refused[3].Should().Match<(int Row, string? Column, string? Header, string Reason)>(r =>
            r.Row == 7 && r.Column == "A" && r.Reason.Contains("重复") && r.Reason.Contains("第 2 行"));

        var zhangwei = await OwnAsync("zhangwei");
        zhangwei.Select(a => (a.ShiftId, a.From, a.To, a.FollowsCalendar)).Should().Equal(
            ("late", new DateOnly(2026, 11, 3), (DateOnly?)new DateOnly(2026, 11, 4), false),
            (null, new DateOnly(2026, 11, 5), new DateOnly(2026, 11, 5), false));
        (await OwnAsync("lina")).Select(a => (a.ShiftId, a.From, a.To)).Should().Equal(
            ("late", new DateOnly(2026, 11, 10), (DateOnly?)new DateOnly(2026, 11, 14)),
            ("day", new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 15)),
            ("late", new DateOnly(2026, 11, 16), null));
        (await OwnAsync("wangfang")).Should().ContainSingle().Which.ShiftId.Should().Be("late");

        // The grid and the evaluated day follow.
        var grid = await SmallCompany.Ok(Host, HttpMethod.Get, "/api/admin/rosters?from=2026-11-01&to=2026-11-07");
        var row = grid.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("userId").GetString() == "zhangwei");
        var cells = row.GetProperty("cells").EnumerateArray().ToList();
        cells[2].GetProperty("shiftId").GetString().Should().Be("late");
        cells[2].GetProperty("source").GetString().Should().Be("person");
        cells[4].GetProperty("kind").GetString().Should().Be("rest");
        cells[1].GetProperty("source").GetString().Should().Be("department");
        var day = await SmallCompany.Ok(Host, HttpMethod.Get, "/api/admin/days?date=2026-11-03");
        SmallCompany.ByUser(day)["zhangwei"].GetProperty("shiftId").GetString().Should().Be("late");

        (await AuditCountAsync("roster.import")).Should().Be(1);
        var creates = await AuditCountAsync("assignment.create");

        // The same file again: nothing changes, the same cells are refused.
        var again = await ImportAsync(sheet);
        again.GetProperty("applied").GetInt32().Should().Be(0);
        again.GetProperty("unchanged").GetInt32().Should().Be(7);
        again.GetProperty("refused").GetArrayLength().Should().Be(4);
        (await OwnAsync("lina")).Should().HaveCount(3);
        (await AuditCountAsync("assignment.create")).Should().Be(creates);
    }

    [Fact]
    public async Task Bad_files_are_refused_with_a_clear_status_and_reason()
    {
        TestDatabase.RequireOrSkip(provider);

        var notXlsx = await ImportAsync(Encoding.UTF8.GetBytes("工号,姓名\nzhangwei,张伟\n"), HttpStatusCode.BadRequest);
        notXlsx.GetProperty("detail").GetString().Should().Contain("不是 Excel xlsx");

        var csv = await ImportAsync(Encoding.UTF8.GetBytes("工号,姓名\n"), HttpStatusCode.UnsupportedMediaType, contentType: "text/csv");
        csv.GetProperty("detail").GetString().Should().Contain("xlsx");

        var big = await ImportAsync(new byte[5 * 1024 * 1024], HttpStatusCode.RequestEntityTooLarge);
        big.GetProperty("detail").GetString().Should().Contain("MB");

        var october = Sheet(MonthHeaders(2026, 10), ("zhangwei", new() { ["2026-10-12"] = "晚班" }));
        var wrongMonth = await ImportAsync(october, HttpStatusCode.BadRequest);
        wrongMonth.GetProperty("errors").GetProperty("month")[0].GetString().Should().Contain("2026-11");

        using (var noId = new MemoryStream())
        {
            noId.SaveAs(new[] { new Dictionary<string, object?> { ["名字"] = "张伟", ["2026-11-03"] = "晚班" } });
            var refusedHeader = await ImportAsync(noId.ToArray(), HttpStatusCode.BadRequest);
            refusedHeader.GetProperty("errors").GetProperty("file")[0].GetString().Should().Contain("工号");
        }

        var badMonth = await ImportAsync(october, HttpStatusCode.BadRequest, month: "2026-13");
        badMonth.GetProperty("errors").TryGetProperty("month", out _).Should().BeTrue();

        // A multipart upload works too; a header that is not a date is named and its column skipped.
        var mixed = Sheet(["2026-11-03", "备注"], ("zhangwei", new() { ["2026-11-03"] = "晚班", ["备注"] = "x" }));
        var request = Host.Request(HttpMethod.Post, $"/api/admin/rosters/import?month={Month}", bearer: TestHost.AdminKey);
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(mixed);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(part, "file", "roster.xlsx");
        request.Content = form;
        var answer = await SmallCompany.Expect(await Host.Client.SendAsync(request), HttpStatusCode.OK);
        answer.GetProperty("applied").GetInt32().Should().Be(1);
        var header = answer.GetProperty("refused").EnumerateArray().Should().ContainSingle().Subject;
        header.GetProperty("row").GetInt32().Should().Be(1);
        header.GetProperty("column").GetString().Should().Be("D");
        header.GetProperty("reason").GetString().Should().Contain("不是日期");
        (await OwnAsync("zhangwei")).Should().ContainSingle().Which.ShiftId.Should().Be("late");
    }

    [Fact]
    public async Task Grid_cells_are_saved_as_the_persons_own_roster_and_unknown_shifts_are_named_per_cell()
    {
        TestDatabase.RequireOrSkip(provider);

        var refused = await SmallCompany.Expect(await Host.AdminAsync(HttpMethod.Post, "/api/admin/rosters/cells", new
        {
            changes = new object[] { new { userId = "lina", date = "2026-11-19", shiftId = "day" }, new { userId = "lina", date = "2026-11-20", shiftId = "nope" } },
        }), HttpStatusCode.BadRequest);
        refused.GetProperty("errors").GetProperty("changes[1].shiftId")[0].GetString().Should().Be("未知班次");
        (await OwnAsync("lina")).Should().ContainSingle("nothing is stored when a cell is refused");

        var saved = await SmallCompany.Ok(Host, HttpMethod.Post, "/api/admin/rosters/cells", new
        {
            changes = new object[] { new { userId = "lina", date = "2026-11-19", shiftId = "day" }, new { userId = "lina", date = "2026-11-20", shiftId = (string?)null } },
        });
        saved.GetProperty("applied").GetInt32().Should().Be(2);
        (await OwnAsync("lina")).Select(a => (a.ShiftId, a.From, a.To)).Should().Equal(
            ("late", new DateOnly(2026, 11, 10), (DateOnly?)new DateOnly(2026, 11, 18)),
            ("day", new DateOnly(2026, 11, 19), new DateOnly(2026, 11, 19)),
            (null, new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20)),
            ("late", new DateOnly(2026, 11, 21), null));
    }
}

public sealed class SqliteRosterImportTests() : RosterImportContract(DatabaseProvider.Sqlite);

public sealed class PostgresRosterImportTests() : RosterImportContract(DatabaseProvider.Postgres);
