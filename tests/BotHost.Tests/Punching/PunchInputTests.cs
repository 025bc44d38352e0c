using Attendance.BotHost.Sessions;
using Microsoft.Extensions.Time.Testing;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>Every bad input of <c>POST /api/punches</c> with its documented status, tokens, and the rate limits.</summary>
public sealed class PunchInputTests : IAsyncLifetime
{
    private static readonly byte[] SigningKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:PerUserPerMinute=5");

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    public static TheoryData<string, string> BadFields => new()
    {
        { """{"clientPunchId":"a","location":{"latitude":"NaN","longitude":121.47,"accuracy":10}}""", "location.latitude" },
        { """{"clientPunchId":"a","location":{"latitude":NaN,"longitude":121.47,"accuracy":10}}""", "location.latitude" },
        { """{"clientPunchId":"a","location":{"latitude":91,"longitude":121.47,"accuracy":10}}""", "location.latitude" },
        { """{"clientPunchId":"a","location":{"latitude":31.2,"longitude":-180.5,"accuracy":10}}""", "location.longitude" },
        { """{"clientPunchId":"a","location":{"longitude":121.47,"accuracy":10}}""", "location.latitude" },
        { """{"clientPunchId":"a","location":{"latitude":31.2,"longitude":121.47,"accuracy":-1}}""", "location.accuracy" },
        { """{"clientPunchId":"a","location":{"latitude":31.2,"longitude":121.47,"accuracy":1e9}}""", "location.accuracy" },
        { """{"clientPunchId":"a","location":{"latitude":31.2,"longitude":121.47}}""", "location.accuracy" },
        { """{"clientPunchId":"a","location":{"latitude":31.2,"longitude":121.47,"accuracy":5,"coordinateSystem":"bd09"}}""", "location.coordinateSystem" },
        { """{"location":{"latitude":31.2,"longitude":121.47,"accuracy":5}}""", "clientPunchId" },
        { """{"clientPunchId":"  "}""", "clientPunchId" },
        { """{"clientPunchId":"a","kind":"lunch"}""", "kind" },
        { """{"clientPunchId":"a","deviceTime":"yesterday"}""", "deviceTime" },
        { """{"clientPunchId":"a","deviceTime":"2026-03-02T08:52:10"}""", "deviceTime" },
        { """{"clientPunchId":"a","wifi":{"ssid":"HQ","bssid":"not-a-mac"}}""", "wifi.bssid" },
        { """{"clientPunchId":"a","deviceId":""}""", "deviceId" },
        { """{"clientPunchId":"a","location":{"latitude":31.2,"longitude":121.47,"accuracy":5},}""", "$" },
        { """[1,2]""", "$" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_is_400_naming_it(string json, string field)
    {
        var (status, body, response) = await Raw(json, "u10a");
        status.Should().Be(HttpStatusCode.BadRequest);
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        body.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(body.GetRawText());
    }

    [Fact]
    public async Task A_5000_character_id_is_400_and_stores_nothing()
    {
        var (lat, lon) = _bed.North(10);
        var (status, body, _) = await _bed.PostAsync("u10a", Body(new string('x', 5_000), lat, lon));
        status.Should().Be(HttpStatusCode.BadRequest);
        body.GetProperty("errors").GetProperty("clientPunchId")[0].GetString().Should().Contain("64");
        var long65 = await _bed.PostAsync("u10a", Body(new string('x', 65), lat, lon, deviceId: new string('d', 65)));
        long65.Body.GetProperty("errors").TryGetProperty("deviceId", out _).Should().BeTrue();
        var exactly64 = await _bed.PostAsync("u10a", Body(new string('x', 64), lat, lon));
        exactly64.Status.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_json_body_over_64_KB_is_413()
    {
        var (status, _, _) = await Raw("""{"clientPunchId":"a","note":" """ + new string('n', 70_000) + "\"}", "u10a");
        status.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Missing_forged_and_expired_tokens_are_401()
    {
        var (lat, lon) = _bed.North(10);
        var body = Body("t-1", lat, lon);
        var none = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", body));
        none.Status.Should().Be(HttpStatusCode.Unauthorized);

        var forged = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", body, "v1.u10a.9999999999.forged-signature"));
        forged.Status.Should().Be(HttpStatusCode.Unauthorized);

        var otherKey = new SessionTokens([.. Enumerable.Range(50, 32).Select(i => (byte)i)], TimeProvider.System).Issue("u10a").Token;
        (await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", body, otherKey))).Status.Should().Be(HttpStatusCode.Unauthorized);

        var expired = new SessionTokens(SigningKey, new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-1))).Issue("u10a").Token;
        var old = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", body, expired));
        old.Status.Should().Be(HttpStatusCode.Unauthorized);
        old.Body.GetProperty("title").GetString().Should().Contain("expired");

        var valid = new SessionTokens(SigningKey, TimeProvider.System).Issue("u10a").Token;
        (await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", body, valid))).Status.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_employee_who_left_is_403_even_with_a_valid_token()
    {
        var token = await _bed.TokenAsync("u11c");
        var response = await _bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/employees/u11c",
            new { name = "员工11c", departmentIds = new[] { 11 }, directLeaderUserIds = Array.Empty<string>(), active = false, roles = new[] { "employee" } });
        response.IsSuccessStatusCode.Should().BeTrue();
        var (lat, lon) = _bed.North(10);
        var (status, _, _) = await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches", Body("gone", lat, lon), token));
        status.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Too_many_punches_from_one_employee_get_429_with_retry_after_and_others_are_unaffected()
    {
        for (var i = 0; i < 5; i++)
        {
            var (lat, lon) = _bed.North(10);
            (await _bed.PostAsync("u10b", Body($"burst-{i}", lat, lon))).Status.Should().Be(HttpStatusCode.Created);
        }

        var (la, lo) = _bed.North(10);
        var (status, body, response) = await _bed.PostAsync("u10b", Body("burst-5", la, lo));
        status.Should().Be(HttpStatusCode.TooManyRequests);
        (response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        (response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0).Should().BeInRange(1, 60);
        body.GetProperty("status").GetInt32().Should().Be(429);

        (await _bed.PostAsync("u10c", Body("calm", la, lo + 0.00001))).Status.Should().Be(HttpStatusCode.Created);
    }

    private async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body, HttpResponseMessage Response)> Raw(string json, string userId) =>
        await _bed.SendAsync(_bed.Host.Request(HttpMethod.Post, "/api/punches",
            new StringContent(json, Encoding.UTF8, "application/json"), await _bed.TokenAsync(userId)));
}

/// <summary>The per-IP limit, on its own host so the other tests' budgets stay apart.</summary>
public sealed class PunchIpRateLimitTests : IAsyncLifetime
{
    private PunchTestBed _bed = null!;

    public async ValueTask InitializeAsync() => _bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:PerIpPerMinute=60");

    public async ValueTask DisposeAsync() => await _bed.DisposeAsync();

    [Fact]
    public async Task One_address_over_its_budget_gets_429_on_the_api_but_health_stays_open()
    {
        // Unauthenticated requests share the address's budget; signed-in employees have their own (LockoutTests).
        HttpStatusCode last = HttpStatusCode.OK;
        for (var i = 0; i < 80 && last != HttpStatusCode.TooManyRequests; i++)
        {
            last = (await _bed.SendAsync(_bed.Host.Request(HttpMethod.Get, "/api/me/punches?date=2026-03-02"))).Status;
        }

        last.Should().Be(HttpStatusCode.TooManyRequests);
        (await _bed.Host.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
