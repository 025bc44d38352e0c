using Attendance.BotHost.Jobs;
using Attendance.BotHost.Tests.Punching;
using Attendance.WeCom.Client;

namespace Attendance.BotHost.Tests.Jobs;

/// <summary>
/// <c>wecom-checkin-push</c> end to end: punches through the real <c>POST /api/punches</c>, the job triggered over HTTP,
/// WeCom played by the fake that refuses a whole batch for one record that breaks page 99647's rules.
/// </summary>
public sealed class CheckinPushTests : IAsyncLifetime
{
    private static readonly string LongDeviceId = "device-" + new string('d', 57);

    private WeComSimulator _wecom = null!;
    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync()
    {
        _wecom = await WeComSimulator.StartAsync();
        _bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite,
            ["--Scheduling:Enabled=false", "--Outbox:Enabled=false",
            .. _wecom.HostArgs()]);

        // WeCom's directory knows everyone but ghost10, who is still on our list: WeCom refuses their record (60111).
        foreach (var userId in new[] { "boss", "u10a", "u10b", "u10c" })
        {
            _wecom.AddUser(new SimulatedUser(userId, userId, [10]));
        }

        var ghost = await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/ghost10", new
        {
            name = "离开的人", departmentIds = new[] { 10 }, directLeaderUserIds = Array.Empty<string>(), active = true, roles = new[] { "employee" },
        });
        ghost.IsSuccessStatusCode.Should().BeTrue(await ghost.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _wecom.DisposeAsync();
    }

    [Fact]
    public async Task Good_records_land_and_only_the_record_WeCom_refuses_is_parked_and_audited()
    {
        var (a, date) = await PunchAsync("u10a", "push-a", wifi: new { ssid = "HQ-Guest" }, deviceId: LongDeviceId);
        await PunchAsync("u10b", "push-b", wifi: new { ssid = "HQ", bssid = "AA-BB-CC-DD-EE-02" });
        await PunchAsync("u10c", "push-c");
        var (ghost, _) = await PunchAsync("ghost10", "push-ghost");

        var run = await TriggerAsync(date);
        var counts = run.GetProperty("counts");
        counts.GetProperty("records").GetInt64().Should().Be(4);
        counts.GetProperty("pushed").GetInt64().Should().Be(3);
        counts.GetProperty("parked").GetInt64().Should().Be(1);
        counts.GetProperty("fixed").GetInt64().Should().Be(1);
        counts.GetProperty("invalid").GetInt64().Should().Be(0);
        counts.GetProperty("calls").GetInt64().Should().BeGreaterThanOrEqualTo(3, "a refused batch is split, so more than one call");

        var pushed = _wecom.AddedCheckinRecords.OrderBy(r => r.UserId, StringComparer.Ordinal).ToList();
        pushed.Select(r => r.UserId).Should().Equal(["u10a", "u10b", "u10c"]);
        pushed.Should().AllSatisfy(r => r.DeviceDetail.Should().BeNull());
        pushed[0].WifiName.Should().BeNull();
        pushed[0].WifiMac.Should().BeNull();
        pushed[1].WifiName.Should().Be("HQ");
        pushed[1].WifiMac.Should().Be("aa:bb:cc:dd:ee:02");
        pushed.Should().NotContain(r => r.UserId == "ghost10");
        _wecom.RefusedCheckinBatches.Should().BeGreaterThanOrEqualTo(1);

        var parked = run.GetProperty("details").GetProperty("parked").EnumerateArray().Should().ContainSingle().Which;
        parked.GetProperty("punchId").GetInt64().Should().Be(ghost);
        parked.GetProperty("errorCode").GetInt32().Should().Be(60111);

        var audit = await AuditAsync(ghost);
        var row = audit.EnumerateArray().Should().ContainSingle().Which;
        row.GetProperty("action").GetString().Should().Be("wecom.checkin.parked");
        row.GetProperty("actor").GetString().Should().Be("wecom-checkin-push");
        row.GetProperty("details").GetString().Should().Contain("60111");
        (await AuditAsync(a)).EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task A_long_device_id_and_Wifi_without_BSSID_are_sent_in_a_form_WeCom_accepts()
    {
        var (_, date) = await PunchAsync("u10a", "form-a", wifi: new { ssid = "HQ-Guest" }, deviceId: LongDeviceId);
        await PunchAsync("u10b", "form-b", deviceId: "short-phone");

        var counts = (await TriggerAsync(date)).GetProperty("counts");
        counts.GetProperty("pushed").GetInt64().Should().Be(2);
        counts.GetProperty("parked").GetInt64().Should().Be(0);
        counts.GetProperty("fixed").GetInt64().Should().Be(1);
        counts.GetProperty("calls").GetInt64().Should().Be(1);
        _wecom.RefusedCheckinBatches.Should().Be(0);
        _wecom.AddedCheckinRecords.Should().AllSatisfy(r =>
        {
            r.DeviceDetail.Should().BeNull();
            r.WifiName.Should().BeNull();
        });
    }

    [Fact]
    public async Task A_rate_limited_push_parks_nothing()
    {
        var (punchId, date) = await PunchAsync("u10c", "limited");
        _wecom.RateLimit(Apis.CheckinAddCheckinRecord);

        using var response = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/jobs/{CheckinPushJob.Name}/trigger", new { date });
        response.StatusCode.Should().NotBe(HttpStatusCode.OK);
        _wecom.AddedCheckinRecords.Should().BeEmpty();
        (await AuditAsync(punchId)).EnumerateArray().Should().BeEmpty();
        _wecom.CallCount(Apis.CheckinAddCheckinRecord).Should().Be(1);
    }

    private async Task<(long PunchId, string WorkDate)> PunchAsync(string userId, string id, object? wifi = null, string? deviceId = null)
    {
        var (lat, lon) = _bed.North(20);
        var body = new Dictionary<string, object?>
        {
            ["clientPunchId"] = id,
            ["kind"] = "in",
            ["location"] = new { latitude = lat, longitude = lon, accuracy = 15, coordinateSystem = "gcj02" },
            ["wifi"] = wifi,
            ["deviceId"] = deviceId,
        };
        var (status, punch, _) = await _bed.PostAsync(userId, body);
        status.Should().Be(HttpStatusCode.Created, PunchTestBed.Text(punch));
        punch.GetProperty("verdict").GetString().Should().Be("accepted");
        return (punch.GetProperty("punchId").GetInt64(), punch.GetProperty("workDate").GetString()!);
    }

    private async Task<JsonElement> TriggerAsync(string date)
    {
        using var response = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/jobs/{CheckinPushJob.Name}/trigger", new { date });
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> AuditAsync(long punchId)
    {
        using var response = await _bed.Host.AdminAsync(HttpMethod.Get, $"/api/admin/audit?entityType=punch&entityId={punchId}");
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
