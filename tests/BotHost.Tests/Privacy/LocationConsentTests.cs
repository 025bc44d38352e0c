using Attendance.BotHost.Tests.Punching;
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
        before.GetProperty("answered").GetBoolean().Should().BeFalse();
        before.GetProperty("locationUsed").GetBoolean().Should().BeTrue();
        before.GetProperty("requiredByCompany").GetBoolean().Should().BeFalse();

        var withdrawn = await ConsentAsync(bed, "u12a", HttpMethod.Put, new { granted = false }, HttpStatusCode.OK);
        withdrawn.GetProperty("answered").GetBoolean().Should().BeTrue();
        withdrawn.GetProperty("granted").GetBoolean().Should().BeFalse();
        withdrawn.GetProperty("locationUsed").GetBoolean().Should().BeFalse();
        withdrawn.GetProperty("noticeVersion").GetString().Should().Be("2026-11");

        // Department 12's site forbids punches out of range and has Wi-Fi: the fix is inside, but it must not count.
        var (lat, lon) = bed.North(20);
        var byWifi = await bed.PostAsync("u12a", Body("lc-1", lat, lon, bssid: SiteBssid));
        byWifi.Status.Should().Be(HttpStatusCode.Created);
        byWifi.Body.GetProperty("verdict").GetString().Should().Be("accepted");
        Codes(byWifi.Body).Should().Equal(["LOCATION_NO_CONSENT", "WIFI_MATCH"]);
        byWifi.Body.GetProperty("site").TryGetProperty("distanceMeters", out _).Should().BeFalse();

        (lat, lon) = bed.North(30);
        var noWifi = await bed.PostAsync("u12a", Body("lc-2", lat, lon));
        noWifi.Body.GetProperty("verdict").GetString().Should().Be("rejected");
        noWifi.Body.GetProperty("message").GetString().Should().Be("您未授权使用位置信息，请连接打卡地点的 Wi-Fi 后重试，或在打卡页授权位置信息");

        var stored = (await ExportAsync(bed, "u12a")).GetProperty("tables").GetProperty("punches").EnumerateArray().ToList();
        stored.Count.Should().Be(2);
        stored.Should().AllSatisfy(p =>
        {
            foreach (var column in (string[])["latitude", "longitude", "accuracy_meters", "fix_key"])
            {
                p.GetProperty(column).ValueKind.Should().Be(JsonValueKind.Null);
            }
        });

        // Granted again: the next punch is measured at once (the punch path's cache does not hold the old answer).
        await ConsentAsync(bed, "u12a", HttpMethod.Put, new { granted = true }, HttpStatusCode.OK);
        (lat, lon) = bed.North(40);
        var measured = await bed.PostAsync("u12a", Body("lc-3", lat, lon));
        measured.Body.GetProperty("verdict").GetString().Should().Be("accepted");
        Codes(measured.Body).Should().Contain("LOCATION_IN_FENCE");

        // The other employees of the department were never affected.
        (lat, lon) = bed.North(50);
        Codes((await bed.PostAsync("u12b", Body("lc-other", lat, lon))).Body).Should().Contain("LOCATION_IN_FENCE");

        var audit = await bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/audit?entityId=u12a");
        var actions = JsonDocument.Parse(await audit.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Select(a => a.GetProperty("action").GetString()).ToList();
        actions.Should().Contain("location.consent.withdraw");
        actions.Should().Contain("location.consent.grant");
        var history = (await ExportAsync(bed, "u12a")).GetProperty("tables").GetProperty("location_consents");
        history.EnumerateArray().Select(c => c.GetProperty("granted").ValueKind == JsonValueKind.True
            || (c.GetProperty("granted").ValueKind == JsonValueKind.Number && c.GetProperty("granted").GetInt64() == 1)).Should().Equal([false, true]);
    }

    [Fact]
    public async Task When_the_company_requires_consent_no_answer_means_no_location()
    {
        await using var bed = await PunchTestBed.StartAsync(provider, "--Punching:RequireLocationConsent=true", "--Punching:LocationConsentNoticeVersion=v7");
        var before = await ConsentAsync(bed, "u10a", HttpMethod.Get, null, HttpStatusCode.OK);
        before.GetProperty("locationUsed").GetBoolean().Should().BeFalse();
        before.GetProperty("requiredByCompany").GetBoolean().Should().BeTrue();
        before.GetProperty("currentNoticeVersion").GetString().Should().Be("v7");

        var (lat, lon) = bed.North(20);
        var unconsented = await bed.PostAsync("u10a", Body("rq-1", lat, lon));
        Codes(unconsented.Body).Should().Equal(["LOCATION_NO_CONSENT"]);
        unconsented.Body.GetProperty("verdict").GetString().Should().Be("rejected");

        var granted = await ConsentAsync(bed, "u10a", HttpMethod.Put, new { granted = true }, HttpStatusCode.OK);
        granted.GetProperty("locationUsed").GetBoolean().Should().BeTrue();
        granted.GetProperty("noticeVersion").GetString().Should().Be("v7");
        (lat, lon) = bed.North(25);
        Codes((await bed.PostAsync("u10a", Body("rq-2", lat, lon))).Body).Should().Equal(["LOCATION_IN_FENCE"]);
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
        status.Should().Be(HttpStatusCode.BadRequest);
        if (field.Length > 0)
        {
            body.GetRawText().Should().Contain(field);
        }

        (await ConsentAsync(bed, "u10a", HttpMethod.Get, null, HttpStatusCode.OK)).GetProperty("answered").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Consent_is_the_callers_own_and_needs_a_session()
    {
        await using var bed = await PunchTestBed.StartAsync(provider);
        var anonymous = await bed.SendAsync(bed.Host.Request(HttpMethod.Put, "/api/me/consents/location", new { granted = false }));
        anonymous.Status.Should().Be(HttpStatusCode.Unauthorized);
        await ConsentAsync(bed, "u10a", HttpMethod.Put, new { granted = false }, HttpStatusCode.OK);
        (await ConsentAsync(bed, "u10b", HttpMethod.Get, null, HttpStatusCode.OK)).GetProperty("answered").GetBoolean().Should().BeFalse();
    }

    private static async Task<JsonElement> ConsentAsync(PunchTestBed bed, string userId, HttpMethod method, object? body, HttpStatusCode expected)
    {
        var (status, json, _) = await bed.SendAsync(bed.Host.Request(method, "/api/me/consents/location", body, await bed.TokenAsync(userId)));
        status.Should().Be(expected, $"{method} consent answered {status}: {json}");
        return json;
    }

    private static async Task<JsonElement> ExportAsync(PunchTestBed bed, string userId)
    {
        var response = await bed.Host.AdminAsync(HttpMethod.Get, $"/api/admin/employees/{userId}/personal-data");
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

public sealed class SqliteLocationConsentTests() : LocationConsentTests(DatabaseProvider.Sqlite);

public sealed class PostgresLocationConsentTests() : LocationConsentTests(DatabaseProvider.Postgres);
