using Attendance.BotHost.Tests.Punching;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Security;

/// <summary>
/// The rate-limit model (issue 16, item 1): unauthenticated requests per address, in buckets that never block a
/// signed-in employee; authenticated requests per user; punches with their own budget, invalid punches with a small
/// error budget, replays always answered; forwarded addresses only from configured proxies.
/// </summary>
public sealed class LockoutTests
{
    [Fact]
    public async Task An_unauthenticated_flood_from_one_address_locks_out_neither_punches_nor_logins()
    {
        await using var bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite);
        var token = await bed.TokenAsync("u10a");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 610; i++)
        {
            using var response = await bed.Host.Client.GetAsync(new Uri("/api/me", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        statuses.Should().Contain(HttpStatusCode.TooManyRequests, "the flood itself is limited");
        var (lat, lon) = bed.North(10);
        (await bed.PostAsync("u10a", Body("after-flood", lat, lon))).Status.Should().Be(HttpStatusCode.Created);
        var login = await bed.SendAsync(bed.Host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId = "u10b" }));
        login.Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Authenticated_requests_are_limited_per_user_not_per_address()
    {
        await using var bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:PerUserRequestsPerMinute=20");
        var busy = await bed.TokenAsync("u10a");
        var calm = await bed.TokenAsync("u10b");
        var last = HttpStatusCode.OK;
        for (var i = 0; i < 40 && last != HttpStatusCode.TooManyRequests; i++)
        {
            last = (await bed.SendAsync(bed.Host.Request(HttpMethod.Get, "/api/me/punches?date=2026-03-02", bearer: busy))).Status;
        }

        last.Should().Be(HttpStatusCode.TooManyRequests);
        (await bed.SendAsync(bed.Host.Request(HttpMethod.Get, "/api/me/punches?date=2026-03-02", bearer: calm))).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Invalid_punches_spend_a_small_error_budget_not_the_punch_budget()
    {
        await using var bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite,
            "--Punching:PerUserPerMinute=3", "--Punching:ErrorsPerUserPerMinute=2");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await bed.PostAsync("u10a", Body("", 31.2, 121.4))).Status);
        }

        statuses.Should().Equal(HttpStatusCode.BadRequest, HttpStatusCode.BadRequest,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
        for (var i = 0; i < 3; i++)
        {
            var (lat, lon) = bed.North(10);
            (await bed.PostAsync("u10a", Body($"good-{i}", lat, lon))).Status.Should().Be(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task A_replay_of_a_stored_punch_is_answered_while_the_user_is_limited()
    {
        await using var bed = await PunchTestBed.StartAsync(Data.DatabaseProvider.Sqlite, "--Punching:PerUserPerMinute=2");
        var (lat, lon) = bed.North(10);
        var first = Body("replay-1", lat, lon);
        var created = await bed.PostAsync("u10a", first);
        created.Status.Should().Be(HttpStatusCode.Created);
        var (la2, lo2) = bed.North(10);
        (await bed.PostAsync("u10a", Body("replay-2", la2, lo2))).Status.Should().Be(HttpStatusCode.Created);
        var (la3, lo3) = bed.North(10);
        (await bed.PostAsync("u10a", Body("replay-3", la3, lo3))).Status.Should().Be(HttpStatusCode.TooManyRequests);

        var replay = await bed.PostAsync("u10a", first);
        replay.Status.Should().Be(HttpStatusCode.OK);
        replay.Body.GetProperty("punchId").GetInt64().Should().Be(created.Body.GetProperty("punchId").GetInt64());
    }

    [Fact]
    public async Task A_forwarded_address_counts_only_from_a_configured_proxy()
    {
        await using (var proxied = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false,
                         "--Punching:PerIpPerMinute=5", "--ForwardedHeaders:KnownProxies:0=127.0.0.1"))
        {
            (await Flood(proxied, "203.0.113.1")).Should().Be(HttpStatusCode.TooManyRequests);
            (await Once(proxied, "203.0.113.2")).Should().Be(HttpStatusCode.Unauthorized, "another client behind the proxy has its own budget");
        }

        await using var direct = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, false, "--Punching:PerIpPerMinute=5");
        (await Flood(direct, "203.0.113.1")).Should().Be(HttpStatusCode.TooManyRequests);
        (await Once(direct, "203.0.113.2")).Should().Be(HttpStatusCode.TooManyRequests, "a header from an unknown proxy is ignored");
    }

    [Theory]
    [InlineData("--ForwardedHeaders:KnownProxies:0=proxy.example", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("--ForwardedHeaders:KnownNetworks:0=10.0.0.0/99", "ForwardedHeaders:KnownNetworks:0")]
    [InlineData("--Punching:ErrorsPerUserPerMinute=0", "Punching:ErrorsPerUserPerMinute")]
    [InlineData("--Punching:PerUserRequestsPerMinute=0", "Punching:PerUserRequestsPerMinute")]
    public void Invalid_settings_stop_start_up_naming_the_key(string argument, string key)
    {
        var e = FluentActions.Invoking(() =>
        {
            using var app = HostProgram.Build(["--urls=http://127.0.0.1:0", argument,
                "--Security:AdminKeys:0=0123456789abcdef0123456789abcdef", $"--Security:SessionSigningKey={Convert.ToBase64String(new byte[32])}",
                $"--Security:DataEncryptionKey={Convert.ToBase64String(new byte[32])}"]);
            app.StartAsync().GetAwaiter().GetResult();
        }).Should().Throw<Exception>().Which;
        string.Join("\n", HostProgram.ConfigurationFailures(e) ?? [e.ToString()]).Should().Contain(key);
    }

    private static async Task<HttpStatusCode> Flood(TestHost host, string forwardedFor)
    {
        var last = HttpStatusCode.OK;
        for (var i = 0; i < 10 && last != HttpStatusCode.TooManyRequests; i++)
        {
            last = await Once(host, forwardedFor);
        }

        return last;
    }

    private static async Task<HttpStatusCode> Once(TestHost host, string forwardedFor)
    {
        using var request = host.Request(HttpMethod.Get, "/api/me");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await host.Client.SendAsync(request);
        return response.StatusCode;
    }
}
