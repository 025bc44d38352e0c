using System.Net;
using System.Text.Json;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.Tests.Punching;
using Attendance.WeCom.Simulator;
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
            "--Scheduling:Enabled=false", "--Outbox:Enabled=false",
            $"--WeCom:CorpId={_wecom.CorpId}", $"--WeCom:AgentId={_wecom.AgentId}", $"--WeCom:AgentSecret={_wecom.AgentSecret}",
            $"--WeCom:ApiBaseUrl={_wecom.BaseUrl}");

        // WeCom's directory knows everyone but ghost10, who is still on our list: WeCom refuses their record (60111).
        foreach (var userId in new[] { "boss", "u10a", "u10b", "u10c" })
        {
            _wecom.AddUser(new SimulatedUser(userId, userId, [10]));
        }

        var ghost = await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/ghost10", new
        {
            name = "离开的人", departmentIds = new[] { 10 }, directLeaderUserIds = Array.Empty<string>(), active = true, roles = new[] { "employee" },
        });
        Assert.True(ghost.IsSuccessStatusCode, await ghost.Content.ReadAsStringAsync());
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
        Assert.Equal(4, counts.GetProperty("records").GetInt64());
        Assert.Equal(3, counts.GetProperty("pushed").GetInt64());
        Assert.Equal(1, counts.GetProperty("parked").GetInt64());
        Assert.Equal(1, counts.GetProperty("fixed").GetInt64());
        Assert.Equal(0, counts.GetProperty("invalid").GetInt64());
        Assert.True(counts.GetProperty("calls").GetInt64() >= 3, "a refused batch is split, so more than one call");

        var pushed = _wecom.AddedCheckinRecords.OrderBy(r => r.UserId, StringComparer.Ordinal).ToList();
        Assert.Equal(["u10a", "u10b", "u10c"], pushed.Select(r => r.UserId));
        Assert.All(pushed, r => Assert.Null(r.DeviceDetail));
        Assert.Null(pushed[0].WifiName);
        Assert.Null(pushed[0].WifiMac);
        Assert.Equal("HQ", pushed[1].WifiName);
        Assert.Equal("aa:bb:cc:dd:ee:02", pushed[1].WifiMac);
        Assert.DoesNotContain(pushed, r => r.UserId == "ghost10");
        Assert.True(_wecom.RefusedCheckinBatches >= 1);

        var parked = Assert.Single(run.GetProperty("details").GetProperty("parked").EnumerateArray());
        Assert.Equal(ghost, parked.GetProperty("punchId").GetInt64());
        Assert.Equal(60111, parked.GetProperty("errorCode").GetInt32());

        var audit = await AuditAsync(ghost);
        var row = Assert.Single(audit.EnumerateArray());
        Assert.Equal("wecom.checkin.parked", row.GetProperty("action").GetString());
        Assert.Equal("wecom-checkin-push", row.GetProperty("actor").GetString());
        Assert.Contains("60111", row.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Empty((await AuditAsync(a)).EnumerateArray());
    }

    [Fact]
    public async Task A_long_device_id_and_Wifi_without_BSSID_are_sent_in_a_form_WeCom_accepts()
    {
        var (_, date) = await PunchAsync("u10a", "form-a", wifi: new { ssid = "HQ-Guest" }, deviceId: LongDeviceId);
        await PunchAsync("u10b", "form-b", deviceId: "short-phone");

        var counts = (await TriggerAsync(date)).GetProperty("counts");
        Assert.Equal(2, counts.GetProperty("pushed").GetInt64());
        Assert.Equal(0, counts.GetProperty("parked").GetInt64());
        Assert.Equal(1, counts.GetProperty("fixed").GetInt64());
        Assert.Equal(1, counts.GetProperty("calls").GetInt64());
        Assert.Equal(0, _wecom.RefusedCheckinBatches);
        Assert.All(_wecom.AddedCheckinRecords, r =>
        {
            Assert.Null(r.DeviceDetail);
            Assert.Null(r.WifiName);
        });
    }

    [Fact]
    public async Task A_rate_limited_push_parks_nothing()
    {
        var (punchId, date) = await PunchAsync("u10c", "limited");
        _wecom.RateLimit(Apis.CheckinAddCheckinRecord);

        using var response = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/jobs/{CheckinPushJob.Name}/trigger", new { date });
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(_wecom.AddedCheckinRecords);
        Assert.Empty((await AuditAsync(punchId)).EnumerateArray());
        Assert.Equal(1, _wecom.CallCount(Apis.CheckinAddCheckinRecord));
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
        Assert.True(status == HttpStatusCode.Created, PunchTestBed.Text(punch));
        Assert.Equal("accepted", punch.GetProperty("verdict").GetString());
        return (punch.GetProperty("punchId").GetInt64(), punch.GetProperty("workDate").GetString()!);
    }

    private async Task<JsonElement> TriggerAsync(string date)
    {
        using var response = await _bed.Host.AdminAsync(HttpMethod.Post, $"/api/admin/jobs/{CheckinPushJob.Name}/trigger", new { date });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> AuditAsync(long punchId)
    {
        using var response = await _bed.Host.AdminAsync(HttpMethod.Get, $"/api/admin/audit?entityType=punch&entityId={punchId}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
