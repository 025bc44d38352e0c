using System.Net;
using System.Text.Json;
using Attendance.BotHost.Tests.Punching;
using Attendance.Data;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Privacy;

/// <summary>
/// <c>/api/me/consents/location</c> over HTTP, and what it does to punches: without consent a fix is neither used nor
/// stored, and the place can only be shown by the site's Wi-Fi (DESIGN §7).
/// </summary>
public abstract class LocationConsentTests(DatabaseProvider provider)
{
    [Fact]
    public async Task A_withdrawal_keeps_the_fix_out_of_scoring_and_storage_until_consent_is_granted_again()
    {
        await using var bed = await PunchTestBed.StartAsync(provider);
        var before = await ConsentAsync(bed, "u12a", HttpMethod.Get, null, HttpStatusCode.OK);
        Assert.False(before.GetProperty("answered").GetBoolean());
        Assert.True(before.GetProperty("locationUsed").GetBoolean());
        Assert.False(before.GetProperty("requiredByCompany").GetBoolean());

        var withdrawn = await ConsentAsync(bed, "u12a", HttpMethod.Put, new { granted = false }, HttpStatusCode.OK);
        Assert.True(withdrawn.GetProperty("answered").GetBoolean());
        Assert.False(withdrawn.GetProperty("granted").GetBoolean());
        Assert.False(withdrawn.GetProperty("locationUsed").GetBoolean());
        Assert.Equal("2026-11", withdrawn.GetProperty("noticeVersion").GetString());

        // Department 12's site forbids punches out of range and has Wi-Fi: the fix is inside, but it must not count.
        var (lat, lon) = bed.North(20);
        var byWifi = await bed.PostAsync("u12a", Body("lc-1", lat, lon, bssid: SiteBssid));
        Assert.Equal(HttpStatusCode.Created, byWifi.Status);
        Assert.Equal("accepted", byWifi.Body.GetProperty("verdict").GetString());
        Assert.Equal(["LOCATION_NO_CONSENT", "WIFI_MATCH"], Codes(byWifi.Body));
        Assert.False(byWifi.Body.GetProperty("site").TryGetProperty("distanceMeters", out _));

        (lat, lon) = bed.North(30);
        var noWifi = await bed.PostAsync("u12a", Body("lc-2", lat, lon));
        Assert.Equal("rejected", noWifi.Body.GetProperty("verdict").GetString());
        Assert.Equal("您未授权使用位置信息，请连接打卡地点的 Wi-Fi 后重试，或在打卡页授权位置信息", noWifi.Body.GetProperty("message").GetString());

        var stored = (await ExportAsync(bed, "u12a")).GetProperty("tables").GetProperty("punches").EnumerateArray().ToList();
        Assert.Equal(2, stored.Count);
        Assert.All(stored, p =>
        {
            foreach (var column in (string[])["latitude", "longitude", "accuracy_meters", "fix_key"])
            {
                Assert.Equal(JsonValueKind.Null, p.GetProperty(column).ValueKind);
            }
        });

        // Granted again: the next punch is measured at once (the punch path's cache does not hold the old answer).
        await ConsentAsync(bed, "u12a", HttpMethod.Put, new { granted = true }, HttpStatusCode.OK);
        (lat, lon) = bed.North(40);
        var measured = await bed.PostAsync("u12a", Body("lc-3", lat, lon));
        Assert.Equal("accepted", measured.Body.GetProperty("verdict").GetString());
        Assert.Contains("LOCATION_IN_FENCE", Codes(measured.Body));

        // The other employees of the department were never affected.
        (lat, lon) = bed.North(50);
        Assert.Contains("LOCATION_IN_FENCE", Codes((await bed.PostAsync("u12b", Body("lc-other", lat, lon))).Body));

        var audit = await bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u12a");
        var actions = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(a => a.GetProperty("action").GetString()).ToList();
        Assert.Contains("location.consent.withdraw", actions);
        Assert.Contains("location.consent.grant", actions);
        var history = (await ExportAsync(bed, "u12a")).GetProperty("tables").GetProperty("location_consents");
        Assert.Equal([false, true], history.EnumerateArray().Select(c => c.GetProperty("granted").ValueKind == JsonValueKind.True
            || (c.GetProperty("granted").ValueKind == JsonValueKind.Number && c.GetProperty("granted").GetInt64() == 1)));
    }

    [Fact]
    public async Task When_the_company_requires_consent_no_answer_means_no_location()
    {
        await using var bed = await PunchTestBed.StartAsync(provider, "--Punching:RequireLocationConsent=true", "--Punching:LocationConsentNoticeVersion=v7");
        var before = await ConsentAsync(bed, "u10a", HttpMethod.Get, null, HttpStatusCode.OK);
        Assert.False(before.GetProperty("locationUsed").GetBoolean());
        Assert.True(before.GetProperty("requiredByCompany").GetBoolean());
        Assert.Equal("v7", before.GetProperty("currentNoticeVersion").GetString());

        var (lat, lon) = bed.North(20);
        var unconsented = await bed.PostAsync("u10a", Body("rq-1", lat, lon));
        Assert.Equal(["LOCATION_NO_CONSENT"], Codes(unconsented.Body));
        Assert.Equal("rejected", unconsented.Body.GetProperty("verdict").GetString());

        var granted = await ConsentAsync(bed, "u10a", HttpMethod.Put, new { granted = true }, HttpStatusCode.OK);
        Assert.True(granted.GetProperty("locationUsed").GetBoolean());
        Assert.Equal("v7", granted.GetProperty("noticeVersion").GetString());
        (lat, lon) = bed.North(25);
        Assert.Equal(["LOCATION_IN_FENCE"], Codes((await bed.PostAsync("u10a", Body("rq-2", lat, lon))).Body));
    }

    [Theory]
    [InlineData("{}", "granted")]
    [InlineData("{\"granted\":\"yes\"}", "granted")]
    [InlineData("{\"granted\":true", "")]
    public async Task A_bad_body_is_refused_naming_the_field_and_records_nothing(string json, string field)
    {
        await using var bed = await PunchTestBed.StartAsync(provider);
        var request = bed.Host.Request(HttpMethod.Put, "/api/me/consents/location", null, await bed.TokenAsync("u10a"));
        request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var (status, body, _) = await bed.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, body.GetRawText(), StringComparison.Ordinal);
        Assert.False((await ConsentAsync(bed, "u10a", HttpMethod.Get, null, HttpStatusCode.OK)).GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task Consent_is_the_callers_own_and_needs_a_session()
    {
        await using var bed = await PunchTestBed.StartAsync(provider);
        var anonymous = await bed.SendAsync(bed.Host.Request(HttpMethod.Put, "/api/me/consents/location", new { granted = false }));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        await ConsentAsync(bed, "u10a", HttpMethod.Put, new { granted = false }, HttpStatusCode.OK);
        Assert.False((await ConsentAsync(bed, "u10b", HttpMethod.Get, null, HttpStatusCode.OK)).GetProperty("answered").GetBoolean());
    }

    private static async Task<JsonElement> ConsentAsync(PunchTestBed bed, string userId, HttpMethod method, object? body, HttpStatusCode expected)
    {
        var (status, json, _) = await bed.SendAsync(bed.Host.Request(method, "/api/me/consents/location", body, await bed.TokenAsync(userId)));
        Assert.True(status == expected, $"{method} consent answered {status}: {json}");
        return json;
    }

    private static async Task<JsonElement> ExportAsync(PunchTestBed bed, string userId)
    {
        var response = await bed.Host.AdminAsync(HttpMethod.Get, $"/api/admin/employees/{userId}/personal-data");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

public sealed class SqliteLocationConsentTests() : LocationConsentTests(DatabaseProvider.Sqlite);

public sealed class PostgresLocationConsentTests() : LocationConsentTests(DatabaseProvider.Postgres);
