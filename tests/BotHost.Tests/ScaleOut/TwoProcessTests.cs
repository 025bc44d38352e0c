using Amazon.S3.Model;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Punching.Photos;
using Attendance.Testing.Storage;

namespace Attendance.BotHost.Tests.ScaleOut;

/// <summary>
/// Two real host processes, started from the built host as an operator starts them, on one PostgreSQL database and
/// one S3 bucket: what one host stores the other serves, and a punch sent to both is stored once.
/// </summary>
public sealed class TwoProcessTests : IAsyncLifetime
{
    private const double Latitude = 31.230416;
    private const double Longitude = 121.473701;

    private TestDatabase _db = null!;
    private WeComSimulator _wecom = null!;
    private TestS3 _s3 = null!;
    private readonly string _prefix = $"p{Guid.NewGuid():N}/";
    private HostProcess _a = null!;
    private HostProcess _b = null!;

    public async ValueTask InitializeAsync()
    {
        _s3 = TestS3.RequireOrSkip();
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        _wecom = await WeComSimulator.StartAsync();
        _wecom.AddDepartment(new SimulatedDepartment(1, "总部", 0));
        _wecom.AddUser(new SimulatedUser("lina", "李娜", [1]));
        string[] settings =
        [
            "--environment=Development",
            "--Database:Provider=postgres", $"--Database:ConnectionString={_db.ConnectionString}", "--Database:MigrateOnStart=false",
            $"--Security:AdminKeys:0={TestHost.AdminKey}",
            $"--Security:SessionSigningKey={Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)])}",
            $"--Security:DataEncryptionKey={Convert.ToBase64String([.. Enumerable.Range(7, 32).Select(i => (byte)i)])}",
            "--Security:DevLogin=true", "--Scheduling:Enabled=false",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
            .. _s3.HostArgs(_prefix),
            .. _wecom.HostArgs(), "--Outbox:PollInterval=00:00:00.100",
            // The site test asks until the change arrives; the request budget is not what it is about.
            "--Punching:PerUserRequestsPerMinute=100000", "--Punching:PerIpPerMinute=100000",
        ];
        var hosts = await Task.WhenAll(HostProcess.StartAsync([.. settings, "--Outbox:HostName=host-a"]),
            HostProcess.StartAsync([.. settings, "--Outbox:HostName=host-b"]));
        (_a, _b) = (hosts[0], hosts[1]);
        await AdminOkAsync(_a, HttpMethod.Put, "/api/admin/departments/1", new { name = "总部" });
        await AdminOkAsync(_a, HttpMethod.Put, "/api/admin/employees/lina", new { name = "李娜", departmentIds = new[] { 1 } });
        await AdminOkAsync(_a, HttpMethod.Put, "/api/admin/sites/hq", new
        {
            name = "上海总部", coordinateSystem = "gcj02", circle = new { latitude = Latitude, longitude = Longitude, radiusMeters = 300 },
            departmentIds = new[] { 1 }, outOfRange = "exception",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        if (_db is not null)
        {
            await _db.DisposeAsync();
        }

        if (_wecom is not null)
        {
            await _wecom.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_punch_sent_to_both_hosts_is_stored_once_and_a_replay_to_either_is_answered()
    {
        var token = await TokenAsync(_a, "lina");
        var body = Punch("both-1", Latitude + 0.0001, Longitude);

        var answers = await Task.WhenAll(SendAsync(_a, body, token), SendAsync(_b, body, token));

        answers.Select(a => a.Status).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.OK],
            $"one host stores it, the other answers the stored punch; A: {answers[0].Text} B: {answers[1].Text}");
        var ids = answers.Select(a => JsonDocument.Parse(a.Text).RootElement.GetProperty("punchId").GetInt64()).Distinct().ToList();
        ids.Should().ContainSingle();
        var replay = await SendAsync(_b, body, token);
        replay.Status.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(replay.Text).RootElement.GetProperty("punchId").GetInt64().Should().Be(ids[0]);
        var date = JsonDocument.Parse(replay.Text).RootElement.GetProperty("workDate").GetString();
        var listed = await _a.Client.SendAsync(_a.Request(HttpMethod.Get, $"/api/me/punches?date={date}", null, token));
        JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task A_photo_punched_on_one_host_is_shown_to_a_reviewer_and_erased_through_the_other()
    {
        var token = await TokenAsync(_a, "lina");
        using var content = new MultipartFormDataContent();
        // 2 km north from a phone never seen before: outside the fence on a new device, so the punch goes to review.
        var body = Punch("photo-1", Latitude + 0.018, Longitude);
        body["deviceId"] = "phone-new-1";
        content.Add(new StringContent(JsonSerializer.Serialize(body, TestHost.Json), Encoding.UTF8,
            "application/json"), "punch");
        var photo = new ByteArrayContent(Punching.TestImages.JpegWithMetadata());
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "photo", "photo.jpg");
        var punched = await _a.Client.SendAsync(_a.Request(HttpMethod.Post, "/api/punches", content, token));
        var punchText = await punched.Content.ReadAsStringAsync();
        punched.StatusCode.Should().Be(HttpStatusCode.Created, punchText + "\n" + _a.Output);
        var punch = JsonDocument.Parse(punchText).RootElement;
        punch.GetProperty("verdict").GetString().Should().Be("review", punchText);
        (await ObjectsAsync()).Should().ContainSingle("host A put the photo in the shared bucket");

        var shown = await _b.Client.SendAsync(_b.Request(HttpMethod.Get, $"/api/admin/punches/{punch.GetProperty("punchId").GetInt64()}/photo", null,
            TestHost.AdminKey));
        shown.StatusCode.Should().Be(HttpStatusCode.OK, _b.Output);
        shown.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        Punching.TestImages.AssertPixelsOnly(await shown.Content.ReadAsByteArrayAsync());

        var erased = await _b.Client.SendAsync(_b.Request(HttpMethod.Delete, "/api/admin/employees/lina/personal-data?confirm=lina", null, TestHost.AdminKey));
        var erasedText = await erased.Content.ReadAsStringAsync();
        erased.StatusCode.Should().Be(HttpStatusCode.OK, erasedText);
        JsonDocument.Parse(erasedText).RootElement.GetProperty("photosDeleted").GetInt32().Should().Be(1);
        (await ObjectsAsync()).Should().BeEmpty("host B erased the photo host A stored");
    }

    [Fact]
    public async Task A_WeCom_callback_delivered_to_both_hosts_runs_once()
    {
        var callback = _wecom.Callbacks.Build(_wecom.Callbacks.TextMessage("lina", "帮助", msgId: "7400000000000000001"));

        var answers = await Task.WhenAll(
            _a.Client.SendAsync(callback.ToHttpRequest(new Uri(_a.BaseAddress, "/wecom/callback").ToString())),
            _b.Client.SendAsync(callback.ToHttpRequest(new Uri(_b.BaseAddress, "/wecom/callback").ToString())));

        // Both answer WeCom at once; each claims the callback's dedupe key before it queues it, so after both answers at
        // most one host holds the callback.
        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK, "WeCom is answered at once by both");
        await _wecom.WaitForMessageAsync(m => m.Json.Contains("lina", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        // Both hosts share the outbox: once nothing is pending in it, a second reply would have been sent already.
        await Eventually.UntilAsync(async () =>
        {
            var response = await _b.Client.SendAsync(_b.Request(HttpMethod.Get, "/api/admin/outbox?state=pending&limit=1", null, TestHost.AdminKey));
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetArrayLength();
        }, pending => pending == 0, TimeSpan.FromSeconds(30), "an empty outbox");
        _wecom.Messages.Where(m => m.Json.Contains("lina", StringComparison.Ordinal)).Should().ContainSingle("the second delivery is a duplicate");
    }

    [Fact]
    public async Task A_site_moved_through_one_host_is_used_by_the_other_within_its_refresh_time()
    {
        var token = await TokenAsync(_b, "lina");
        var (north, east) = (Latitude + 0.018, Longitude);
        var path = $"/api/me/site-check?latitude={north.ToString(CultureInfo.InvariantCulture)}&longitude={east.ToString(CultureInfo.InvariantCulture)}" +
                   "&accuracy=15&coordinateSystem=gcj02";
        async Task<string?> StatusOnB()
        {
            var response = await _b.Client.SendAsync(_b.Request(HttpMethod.Get, path, null, token));
            var text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(text);
            return JsonDocument.Parse(text).RootElement.TryGetProperty("status", out var status) ? status.GetString() : null;
        }

        (await StatusOnB()).Should().NotBe("inside", "the site is 2 km south of this point");
        await AdminOkAsync(_a, HttpMethod.Put, "/api/admin/sites/hq", new
        {
            name = "上海总部", coordinateSystem = "gcj02", circle = new { latitude = north, longitude = east, radiusMeters = 300 },
            departmentIds = new[] { 1 }, outOfRange = "exception",
        });

        // Punching:SiteRefreshSeconds is 3: B checks the sites' fingerprint at most that long after its last check (the
        // wait allows for a loaded machine; a host that never noticed would fail it).
        await Eventually.UntilAsync(StatusOnB, status => status == "inside", TimeSpan.FromSeconds(15), "host B using the moved site");
    }

    private static Dictionary<string, object?> Punch(string id, double latitude, double longitude) => new()
    {
        ["clientPunchId"] = id,
        ["kind"] = "in",
        ["location"] = new { latitude, longitude, accuracy = 15, coordinateSystem = "gcj02" },
    };

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HostProcess host, object body, string token)
    {
        var response = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/punches", body, token));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> TokenAsync(HostProcess host, string userId)
    {
        var response = await host.Client.SendAsync(host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId }));
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue(text);
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    private static async Task AdminOkAsync(HostProcess host, HttpMethod method, string path, object body)
    {
        var response = await host.Client.SendAsync(host.Request(method, path, body, TestHost.AdminKey));
        response.IsSuccessStatusCode.Should().BeTrue($"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<List<string>> ObjectsAsync()
    {
        var options = new PhotoStoreOptions
        {
            Kind = "s3", Endpoint = _s3.Endpoint, Bucket = _s3.Bucket, AccessKey = _s3.AccessKey, SecretKey = _s3.SecretKey, Prefix = _prefix,
        };
        using var client = S3PhotoStore.CreateClient(options);
        var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _s3.Bucket, Prefix = _prefix });
        return [.. (page.S3Objects ?? []).Select(o => o.Key)];
    }
}
