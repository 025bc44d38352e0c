using static Attendance.BotHost.Tests.ScaleOut.HostPair;

namespace Attendance.BotHost.Tests.ScaleOut;

/// <summary>
/// Two real host processes, started from the built host as an operator starts them, on one PostgreSQL database and
/// one S3 bucket: what one host stores the other serves, and a punch sent to both is stored once.
/// </summary>
public sealed class TwoProcessTests : IAsyncLifetime
{
    private HostPair _pair = null!;

    private HostProcess A => _pair.A;

    private HostProcess B => _pair.B;

    private WeComSimulator WeCom => _pair.WeCom;

    public async ValueTask InitializeAsync() => _pair = await HostPair.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_punch_sent_to_both_hosts_is_stored_once_and_a_replay_to_either_is_answered()
    {
        var token = await TokenAsync(A, "lina");
        var body = Punch("both-1", Latitude + 0.0001, Longitude);

        var answers = await Task.WhenAll(PunchAsync(A, body, token), PunchAsync(B, body, token));

        answers.Select(a => a.Status).Should().BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.OK],
            $"one host stores it, the other answers the stored punch; A: {answers[0].Text} B: {answers[1].Text}");
        var ids = answers.Select(a => JsonDocument.Parse(a.Text).RootElement.GetProperty("punchId").GetInt64()).Distinct().ToList();
        ids.Should().ContainSingle();
        var replay = await PunchAsync(B, body, token);
        replay.Status.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(replay.Text).RootElement.GetProperty("punchId").GetInt64().Should().Be(ids[0]);
        var date = JsonDocument.Parse(replay.Text).RootElement.GetProperty("workDate").GetString();
        var listed = await A.Client.SendAsync(A.Request(HttpMethod.Get, $"/api/me/punches?date={date}", null, token));
        JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task A_photo_punched_on_one_host_is_shown_to_a_reviewer_exported_and_erased_through_the_other()
    {
        var token = await TokenAsync(A, "lina");
        using var content = new MultipartFormDataContent();
        // 2 km north from a phone never seen before: outside the fence on a new device, so the punch goes to review.
        var body = Punch("photo-1", Latitude + 0.018, Longitude);
        body["deviceId"] = "phone-new-1";
        content.Add(new StringContent(JsonSerializer.Serialize(body, TestHost.Json), Encoding.UTF8,
            "application/json"), "punch");
        var photo = new ByteArrayContent(Punching.TestImages.JpegWithMetadata());
        photo.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        content.Add(photo, "photo", "photo.jpg");
        var punched = await A.Client.SendAsync(A.Request(HttpMethod.Post, "/api/punches", content, token));
        var punchText = await punched.Content.ReadAsStringAsync();
        punched.StatusCode.Should().Be(HttpStatusCode.Created, punchText + "\n" + A.Output);
        var punch = JsonDocument.Parse(punchText).RootElement;
        punch.GetProperty("verdict").GetString().Should().Be("review", punchText);
        (await _pair.PhotoObjectsAsync()).Should().ContainSingle("host A put the photo in the shared bucket");

        var shown = await B.Client.SendAsync(B.Request(HttpMethod.Get, $"/api/admin/punches/{punch.GetProperty("punchId").GetInt64()}/photo", null,
            TestHost.AdminKey));
        shown.StatusCode.Should().Be(HttpStatusCode.OK, B.Output);
        shown.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        Punching.TestImages.AssertPixelsOnly(await shown.Content.ReadAsByteArrayAsync());

        // The PIPL export through B carries the photo A stored, decrypted, beside the rows.
        var punchId = punch.GetProperty("punchId").GetInt64();
        var export = await B.Client.SendAsync(B.Request(HttpMethod.Get, "/api/admin/employees/lina/personal-data.zip", null, TestHost.AdminKey));
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        export.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await export.Content.ReadAsByteArrayAsync())))
        {
            zip.Entries.Select(e => e.FullName).Should().BeEquivalentTo(["personal-data.json", $"photos/punch-{punchId}.jpg"]);
            using var photoEntry = new MemoryStream();
            await using (var entry = await zip.GetEntry($"photos/punch-{punchId}.jpg")!.OpenAsync())
            {
                await entry.CopyToAsync(photoEntry);
            }

            photoEntry.ToArray().Should().Equal(await (await B.Client.SendAsync(B.Request(HttpMethod.Get, $"/api/admin/punches/{punchId}/photo", null,
                TestHost.AdminKey))).Content.ReadAsByteArrayAsync());
            await using var json = await zip.GetEntry("personal-data.json")!.OpenAsync();
            var archive = (await JsonDocument.ParseAsync(json)).RootElement;
            archive.GetProperty("tables").GetProperty("punches").GetArrayLength().Should().Be(1);
            var listed = archive.GetProperty("photos").EnumerateArray().Should().ContainSingle().Which;
            listed.GetProperty("punchId").GetInt64().Should().Be(punchId);
            listed.GetProperty("status").GetString().Should().Be("included");
        }

        var erased = await B.Client.SendAsync(B.Request(HttpMethod.Delete, "/api/admin/employees/lina/personal-data?confirm=lina", null, TestHost.AdminKey));
        var erasedText = await erased.Content.ReadAsStringAsync();
        erased.StatusCode.Should().Be(HttpStatusCode.OK, erasedText);
        JsonDocument.Parse(erasedText).RootElement.GetProperty("photosDeleted").GetInt32().Should().Be(1);
        (await _pair.PhotoObjectsAsync()).Should().BeEmpty("host B erased the photo host A stored");
    }

    [Fact]
    public async Task A_WeCom_callback_delivered_to_both_hosts_runs_once()
    {
        var callback = WeCom.Callbacks.Build(WeCom.Callbacks.TextMessage("lina", "帮助", msgId: "7400000000000000001"));

        var answers = await Task.WhenAll(
            A.Client.SendAsync(callback.ToHttpRequest(new Uri(A.BaseAddress, "/wecom/callback").ToString())),
            B.Client.SendAsync(callback.ToHttpRequest(new Uri(B.BaseAddress, "/wecom/callback").ToString())));

        // Both answer WeCom at once; each claims the callback's dedupe key before it queues it, so after both answers at
        // most one host holds the callback.
        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK, "WeCom is answered at once by both");
        await WeCom.WaitForMessageAsync(m => m.Json.Contains("lina", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        // Both hosts share the outbox: once nothing is pending in it, a second reply would have been sent already.
        await WaitForOutboxDrainedAsync(B);
        WeCom.Messages.Where(m => m.Json.Contains("lina", StringComparison.Ordinal)).Should().ContainSingle("the second delivery is a duplicate");
    }

    [Fact]
    public async Task A_site_moved_through_one_host_is_used_by_the_other_within_its_refresh_time()
    {
        var token = await TokenAsync(B, "lina");
        var (north, east) = (Latitude + 0.018, Longitude);
        var path = $"/api/me/site-check?latitude={north.ToString(CultureInfo.InvariantCulture)}&longitude={east.ToString(CultureInfo.InvariantCulture)}" +
                   "&accuracy=15&coordinateSystem=gcj02";
        async Task<string?> StatusOnB()
        {
            var response = await B.Client.SendAsync(B.Request(HttpMethod.Get, path, null, token));
            var text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue(text);
            return JsonDocument.Parse(text).RootElement.TryGetProperty("status", out var status) ? status.GetString() : null;
        }

        (await StatusOnB()).Should().NotBe("inside", "the site is 2 km south of this point");
        await AdminOkAsync(A, HttpMethod.Put, "/api/admin/sites/hq", new
        {
            name = "上海总部", coordinateSystem = "gcj02", circle = new { latitude = north, longitude = east, radiusMeters = 300 },
            departmentIds = new[] { 1 }, outOfRange = "exception",
        });

        // Punching:SiteRefreshSeconds is 3: B checks the sites' fingerprint at most that long after its last check (the
        // wait allows for a loaded machine; a host that never noticed would fail it).
        await Eventually.UntilAsync(StatusOnB, status => status == "inside", TimeSpan.FromSeconds(15), "host B using the moved site");
    }

    [Fact]
    public async Task An_employee_deactivated_through_one_host_is_refused_on_the_other_within_the_documented_delay()
    {
        var token = await TokenAsync(B, "lina");
        var serial = 0;
        async Task<HttpStatusCode> PunchOnB()
        {
            var (status, text) = await PunchAsync(B, Punch($"deactivate-{++serial}", Latitude + 0.0001, Longitude), token);
            status.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.Forbidden], text);
            return status;
        }

        // B has read lina as active, for its punch cache and its session stamp cache.
        (await PunchOnB()).Should().Be(HttpStatusCode.Created);
        await AdminOkAsync(A, HttpMethod.Put, "/api/admin/employees/lina", new { name = "李娜", departmentIds = new[] { 1 }, active = false });
        var onA = await PunchAsync(A, Punch("deactivate-on-a", Latitude, Longitude), token);
        onA.Status.Should().Be(HttpStatusCode.Forbidden, "the host the change went through refuses at once: " + onA.Text);

        // docs/operations.md: "a change on another host ... takes up to 30 s to stop punches" (SessionEligibility.PunchCacheTime).
        // The wait allows for a loaded machine; a host that never re-read the employee would fail it.
        await Eventually.UntilAsync(PunchOnB, status => status == HttpStatusCode.Forbidden, TimeSpan.FromSeconds(60), "host B refusing lina",
            pollInterval: TimeSpan.FromMilliseconds(500));
        var (_, refusal) = await PunchAsync(B, Punch("deactivate-last", Latitude, Longitude), token);
        refusal.Should().Contain("您的考勤账号已停用或已离职");
    }
}
