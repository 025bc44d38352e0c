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
        (await _bed.PostMultipartAsync("u13a", Body("pd-1", lat, lon), TestImages.JpegWithMetadata())).Status.Should().Be(HttpStatusCode.Created);
        (lat, lon) = _bed.North(25);
        (await _bed.PostAsync("u13a", Body("pd-2", lat, lon))).Status.Should().Be(HttpStatusCode.Created);
        (lat, lon) = _bed.North(30);
        (await _bed.PostAsync("u13b", Body("other-1", lat, lon))).Status.Should().Be(HttpStatusCode.Created);
        PhotoFiles().Should().ContainSingle();

        var export = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13a/personal-data"), HttpStatusCode.OK);
        var tables = export.GetProperty("tables");
        tables.GetProperty("punches").GetArrayLength().Should().Be(2);
        tables.GetProperty("punches").EnumerateArray().Should().AllSatisfy(p => p.GetProperty("user_id").GetString().Should().Be("u13a"));
        tables.GetProperty("punch_findings").GetArrayLength().Should().BeGreaterThan(0);
        tables.GetProperty("employees").EnumerateArray().ToList().Should().ContainSingle().Which.GetProperty("user_id").GetString().Should().Be("u13a");
        PersonalDataRepository.CoveredTables.Should().AllSatisfy(t => tables.TryGetProperty(t, out _).Should().BeTrue(t));

        var audit = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u13a"), HttpStatusCode.OK);
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "personal_data.export");

        var unconfirmed = await Json(await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/u13a/personal-data"), HttpStatusCode.BadRequest);
        unconfirmed.GetProperty("errors").TryGetProperty("confirm", out _).Should().BeTrue();
        var wrong = await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/u13a/personal-data?confirm=u13b");
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await CountAsync("SELECT COUNT(*) FROM punches")).Should().Be(3);

        var token = await _bed.TokenAsync("u13a");
        var erased = await Json(await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/u13a/personal-data?confirm=u13a"), HttpStatusCode.OK);
        erased.GetProperty("rows").GetProperty("punches").GetInt32().Should().Be(2);
        erased.GetProperty("rows").GetProperty("employees").GetInt32().Should().Be(1);
        erased.GetProperty("photosDeleted").GetInt32().Should().Be(1);
        PhotoFiles().Should().BeEmpty();
        (await CountAsync("SELECT COUNT(*) FROM punches WHERE user_id = 'u13a'")).Should().Be(0);
        (await CountAsync("SELECT COUNT(*) FROM punch_findings WHERE punch_id NOT IN (SELECT id FROM punches)")).Should().Be(0);
        (await CountAsync("SELECT COUNT(*) FROM punches WHERE user_id = 'u13b'")).Should().Be(1);

        (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13a/personal-data")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (lat, lon) = _bed.North(35);
        var after = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", Body("pd-3", lat, lon), token));
        after.Status.Should().Be(HttpStatusCode.Forbidden, $"{after.Status}: {after.Body}");
        audit = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u13a"), HttpStatusCode.OK);
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "personal_data.erase");
    }

    [Fact]
    public async Task Deactivating_someone_stops_their_punches_at_once_despite_the_punch_path_cache()
    {
        var (lat, lon) = _bed.North(40);
        (await _bed.PostAsync("u13b", Body("cache-1", lat, lon))).Status.Should().Be(HttpStatusCode.Created);
        var employee = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13b"), HttpStatusCode.OK);
        var departments = employee.GetProperty("departmentIds").EnumerateArray().Select(d => d.GetInt64()).ToArray();
        await Json(await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/u13b",
            new { name = employee.GetProperty("name").GetString(), departmentIds = departments, active = false }), HttpStatusCode.OK);

        (lat, lon) = _bed.North(45);
        var refused = await _bed.PostAsync("u13b", Body("cache-2", lat, lon));
        refused.Status.Should().Be(HttpStatusCode.Forbidden, $"{refused.Status}: {refused.Body}");
    }

    [Fact]
    public async Task Every_table_with_a_user_column_is_covered_by_export_and_erasure()
    {
        await using var connection = await _bed.Host.Database.Factory.OpenAsync();
        var tables = (await connection.QueryAsync<string>(
            "SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND EXISTS " +
            "(SELECT 1 FROM pragma_table_info(m.name) c WHERE c.name IN ('user_id', 'leader_user_id'))")).ToList();
        tables.Should().Contain("punches");
        tables.Except(PersonalDataRepository.CoveredTables).Should().BeEmpty();
    }

    [Fact]
    public async Task A_bad_userid_is_400_and_an_unknown_one_404()
    {
        (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/a%20b/personal-data")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/nobody/personal-data")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _bed.Host.AdminAsync(HttpMethod.Delete, "/api/admin/employees/nobody/personal-data?confirm=nobody")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/nobody/personal-data.zip")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/a%20b/personal-data.zip")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_zip_export_carries_each_photo_decrypted_and_names_one_the_store_has_lost()
    {
        var (lat, lon) = _bed.North(20);
        var kept = await _bed.PostMultipartAsync("u13a", Body("zip-1", lat, lon), TestImages.JpegWithMetadata());
        kept.Status.Should().Be(HttpStatusCode.Created);
        (lat, lon) = _bed.North(22);
        PhotoFiles().Should().ContainSingle();
        var lostFile = PhotoFiles().Single();
        var lost = await _bed.PostMultipartAsync("u13a", Body("zip-2", lat, lon), TestImages.JpegWithMetadata());
        lost.Status.Should().Be(HttpStatusCode.Created);
        File.Delete(PhotoFiles().Single(f => f != lostFile));

        var response = await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/employees/u13a/personal-data.zip");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain("personal-data-u13a.zip");
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var keptId = kept.Body.GetProperty("punchId").GetInt64();
        var lostId = lost.Body.GetProperty("punchId").GetInt64();
        zip.Entries.Select(e => e.FullName).Should().BeEquivalentTo(["personal-data.json", $"photos/punch-{keptId}.jpg"]);
        await using (var photo = await zip.GetEntry($"photos/punch-{keptId}.jpg")!.OpenAsync())
        {
            using var copy = new MemoryStream();
            await photo.CopyToAsync(copy);
            TestImages.AssertPixelsOnly(copy.ToArray());
        }

        await using var json = await zip.GetEntry("personal-data.json")!.OpenAsync();
        var archive = (await JsonDocument.ParseAsync(json)).RootElement;
        archive.GetProperty("tables").GetProperty("punches").GetArrayLength().Should().Be(2);
        archive.GetProperty("photos").EnumerateArray().Select(p => (p.GetProperty("punchId").GetInt64(), p.GetProperty("status").GetString()))
            .Should().BeEquivalentTo([(keptId, "included"), (lostId, "missing")]);
        var audit = await Json(await _bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u13a"), HttpStatusCode.OK);
        audit.EnumerateArray().Should().Contain(a => a.GetProperty("action").GetString() == "personal_data.export");
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
        expected.Should().Be(response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
