using System.Net;
using System.Text.Json;
using Attendance.BotHost.Tests.Punching;
using Attendance.Data.Repositories;
using Dapper;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Admin;

/// <summary>PIPL access and erasure over HTTP: everything about one person comes out, then goes, photos included.</summary>
public sealed class PersonalDataTests : IAsyncLifetime
{
    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await PunchTestBed.StartAsync();

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task An_export_lists_every_table_and_is_audited_then_an_erasure_removes_rows_and_photos()
    {
        var (lat, lon) = _bed.North(20);
        Assert.Equal(HttpStatusCode.Created, (await _bed.PostMultipartAsync("u13a", Body("pd-1", lat, lon), TestImages.JpegWithMetadata())).Status);
        (lat, lon) = _bed.North(25);
        Assert.Equal(HttpStatusCode.Created, (await _bed.PostAsync("u13a", Body("pd-2", lat, lon))).Status);
        (lat, lon) = _bed.North(30);
        Assert.Equal(HttpStatusCode.Created, (await _bed.PostAsync("u13b", Body("other-1", lat, lon))).Status);
        Assert.Single(PhotoFiles());

        var export = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13a/personal-data"), HttpStatusCode.OK);
        var tables = export.GetProperty("tables");
        Assert.Equal(2, tables.GetProperty("punches").GetArrayLength());
        Assert.All(tables.GetProperty("punches").EnumerateArray(), p => Assert.Equal("u13a", p.GetProperty("user_id").GetString()));
        Assert.True(tables.GetProperty("punch_findings").GetArrayLength() > 0);
        Assert.Equal("u13a", Assert.Single(tables.GetProperty("employees").EnumerateArray().ToList()).GetProperty("user_id").GetString());
        Assert.All(PersonalDataRepository.CoveredTables, t => Assert.True(tables.TryGetProperty(t, out _), t));

        var audit = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u13a"), HttpStatusCode.OK);
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "personal_data.export");

        var unconfirmed = await Json(await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/u13a/personal-data"), HttpStatusCode.BadRequest);
        Assert.True(unconfirmed.GetProperty("errors").TryGetProperty("confirm", out _));
        var wrong = await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/u13a/personal-data?confirm=u13b");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM punches"));

        var token = await _bed.TokenAsync("u13a");
        var erased = await Json(await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/u13a/personal-data?confirm=u13a"), HttpStatusCode.OK);
        Assert.Equal(2, erased.GetProperty("rows").GetProperty("punches").GetInt32());
        Assert.Equal(1, erased.GetProperty("rows").GetProperty("employees").GetInt32());
        Assert.Equal(1, erased.GetProperty("photosDeleted").GetInt32());
        Assert.Empty(PhotoFiles());
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM punches WHERE user_id = 'u13a'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM punch_findings WHERE punch_id NOT IN (SELECT id FROM punches)"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM punches WHERE user_id = 'u13b'"));

        Assert.Equal(HttpStatusCode.NotFound, (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13a/personal-data")).StatusCode);
        (lat, lon) = _bed.North(35);
        var after = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", Body("pd-3", lat, lon), token));
        Assert.True(after.Status == HttpStatusCode.Forbidden, $"{after.Status}: {after.Body}");
        audit = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u13a"), HttpStatusCode.OK);
        Assert.Contains(audit.EnumerateArray(), a => a.GetProperty("action").GetString() == "personal_data.erase");
    }

    [Fact]
    public async Task Deactivating_someone_stops_their_punches_at_once_despite_the_punch_path_cache()
    {
        var (lat, lon) = _bed.North(40);
        Assert.Equal(HttpStatusCode.Created, (await _bed.PostAsync("u13b", Body("cache-1", lat, lon))).Status);
        var employee = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13b"), HttpStatusCode.OK);
        var departments = employee.GetProperty("departmentIds").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        await Json(await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/u13b",
            new { name = employee.GetProperty("name").GetString(), departmentIds = departments, active = false }), HttpStatusCode.OK);

        (lat, lon) = _bed.North(45);
        var refused = await _bed.PostAsync("u13b", Body("cache-2", lat, lon));
        Assert.True(refused.Status == HttpStatusCode.Forbidden, $"{refused.Status}: {refused.Body}");
    }

    [Fact]
    public async Task Every_table_with_a_user_column_is_covered_by_export_and_erasure()
    {
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS " +
            "(SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name IN ('user_id', 'leader_user_id'))")).ToList();
        Assert.Contains("punches", tables);
        Assert.Empty(tables.Except(PersonalDataRepository.CoveredTables));
    }

    [Fact]
    public async Task A_bad_userid_is_400_and_an_unknown_one_404()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/a%20b/personal-data")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/nobody/personal-data")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/nobody/personal-data?confirm=nobody")).StatusCode);
    }

    private IEnumerable<string> PhotoFiles() =>
        Directory.Exists(_bed.PhotoRoot) ? Directory.EnumerateFiles(_bed.PhotoRoot, "*.aph", SearchOption.AllDirectories) : [];

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
