using Attendance.Rules.Geo;
using Attendance.Rules.Schedule;
using static Attendance.BotHost.Tests.Punching.PunchTestBed;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>Every finding and verdict rule reached through <c>POST /api/punches</c> on a real host.</summary>
public abstract class PunchScoringEndpointTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    protected PunchTestBed Bed { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Bed = await PunchTestBed.StartAsync(provider);

    public async ValueTask DisposeAsync() => await Bed.DisposeAsync();

    [Fact]
    public async Task Inside_the_fence_is_accepted_with_the_local_time_in_the_message()
    {
        var (lat, lon) = Bed.North(50);
        var (status, body, response) = await Bed.PostAsync("u10a", Body("in-1", lat, lon));
        status.Should().Be(HttpStatusCode.Created);
        body.GetProperty("verdict").GetString().Should().Be("accepted");
        Codes(body).Should().Contain("LOCATION_IN_FENCE");
        body.GetProperty("site").GetProperty("id").GetString().Should().Be("hq-exception");
        body.GetProperty("site").GetProperty("name").GetString().Should().Be("上海总部");
        body.GetProperty("site").GetProperty("distanceMeters").GetInt32().Should().BeInRange(45, 60);
        body.GetProperty("clientPunchId").GetString().Should().Be("in-1");
        body.GetProperty("userId").GetString().Should().Be("u10a");
        body.GetProperty("kind").GetString().Should().Be("in");
        body.GetProperty("riskScore").GetInt32().Should().Be(0);

        var serverTimeText = body.GetProperty("serverTime").GetString()!;
        serverTimeText.Should().EndWith("+08:00");
        var serverTime = DateTimeOffset.Parse(serverTimeText, CultureInfo.InvariantCulture);
        body.GetProperty("message").GetString().Should().Be($"上班打卡成功 {serverTime:HH:mm}");
        body.GetProperty("workDate").GetString().Should().Be(WorkDates.ByBoundary(serverTime, Shanghai, new TimeOnly(4, 0)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        response.Headers.Location.Should().NotBeNull();
    }

    [Fact]
    public async Task A_wgs84_fix_is_converted_before_measuring()
    {
        var (lat, lon) = Bed.North(0);
        var wgs = ChinaDatum.Gcj02ToWgs84(new GeoPoint(lat, lon));
        var (status, body, _) = await Bed.PostAsync("u10a", Body("wgs-1", Math.Round(wgs.Latitude, 6), Math.Round(wgs.Longitude, 6), coordinateSystem: "wgs84"));
        status.Should().Be(HttpStatusCode.Created);
        Codes(body).Should().Contain("LOCATION_IN_FENCE");
        body.GetProperty("site").GetProperty("distanceMeters").GetInt32().Should().BeInRange(0, 10);

        // The same numbers read as GCJ-02 are hundreds of metres off: never compare raw WGS-84 with a GCJ-02 fence.
        var raw = await Bed.PostAsync("u10b", Body("wgs-raw", Math.Round(wgs.Latitude, 6), Math.Round(wgs.Longitude, 6)));
        Codes(raw.Body).Should().Contain("LOCATION_OUT_OF_FENCE");
    }

    [Fact]
    public async Task Out_of_fence_follows_each_site_policy()
    {
        var exception = await Bed.PostAsync("u10a", Body("out-exc", Bed.North(1_500).Latitude, Bed.North(1_500).Longitude));
        exception.Body.GetProperty("verdict").GetString().Should().Be("accepted");
        Codes(exception.Body).Should().Contain("LOCATION_OUT_OF_FENCE");
        exception.Body.GetProperty("isLocationException").GetBoolean().Should().BeTrue();
        exception.Body.GetProperty("message").GetString().Should().Contain("地点异常");

        var (lat, lon) = Bed.North(1_500);
        var field = await Bed.PostAsync("u11a", Body("out-field", lat, lon));
        field.Body.GetProperty("verdict").GetString().Should().Be("accepted");
        field.Body.GetProperty("isField").GetBoolean().Should().BeTrue();
        field.Body.GetProperty("message").GetString().Should().Contain("外勤");

        (lat, lon) = Bed.North(1_500);
        var forbid = await Bed.PostAsync("u12a", Body("out-forbid", lat, lon));
        forbid.Status.Should().Be(HttpStatusCode.Created);
        forbid.Body.GetProperty("verdict").GetString().Should().Be("rejected");
        forbid.Body.GetProperty("message").GetString().Should().StartWith("不在打卡范围内，距离上海总部 1.5 公里");

        // Out of range on a device never seen before is a review, not a silent acceptance.
        (lat, lon) = Bed.North(1_500);
        var newDevice = await Bed.PostAsync("u10b", Body("out-new-device", lat, lon, deviceId: "phone-u10b"));
        newDevice.Body.GetProperty("verdict").GetString().Should().Be("review");
        Codes(newDevice.Body).Should().Contain("DEVICE_NEW");
    }

    [Fact]
    public async Task An_accuracy_wider_than_the_fence_is_inconclusive_and_reviewed()
    {
        var (lat, lon) = Bed.North(20);
        var (_, body, _) = await Bed.PostAsync("u10a", Body("wide", lat, lon, accuracy: 500));
        Codes(body).Should().Contain("LOCATION_INCONCLUSIVE");
        body.GetProperty("verdict").GetString().Should().Be("review");
    }

    [Fact]
    public async Task A_punch_without_location_is_rejected_unless_wifi_places_it()
    {
        var missing = await Bed.PostAsync("u10a", Body("no-loc", null, null));
        missing.Status.Should().Be(HttpStatusCode.Created);
        Codes(missing.Body).Should().Contain("LOCATION_MISSING");
        missing.Body.GetProperty("verdict").GetString().Should().Be("rejected");

        var wifiOnly = await Bed.PostAsync("u12a", Body("wifi-only", null, null, bssid: "aa:bb:cc:dd:ee:01"));
        Codes(wifiOnly.Body).Should().Contain("WIFI_MATCH");
        wifiOnly.Body.GetProperty("verdict").GetString().Should().Be("accepted");
    }

    [Fact]
    public async Task A_matching_bssid_rescues_a_forbidden_out_of_range_fix()
    {
        var (lat, lon) = Bed.North(1_500);
        var (_, body, _) = await Bed.PostAsync("u12a", Body("wifi-rescue", lat, lon, bssid: "aabb.ccdd.ee01"));
        Codes(body).Should().Contain("WIFI_MATCH");
        body.GetProperty("verdict").GetString().Should().Be("accepted");

        (lat, lon) = Bed.North(1_500);
        var other = await Bed.PostAsync("u12b", Body("wifi-other", lat, lon, bssid: "11:22:33:44:55:66"));
        Codes(other.Body).Should().Contain("WIFI_MISMATCH");
        other.Body.GetProperty("verdict").GetString().Should().Be("rejected");
    }

    [Fact]
    public async Task A_require_photo_site_rejects_a_punch_without_photo()
    {
        var (lat, lon) = Bed.North(30);
        var (_, body, _) = await Bed.PostAsync("u13a", Body("no-photo", lat, lon));
        Codes(body).Should().Contain("PHOTO_MISSING");
        body.GetProperty("verdict").GetString().Should().Be("rejected");
        body.GetProperty("message").GetString().Should().Be("该地点要求拍照打卡，请拍照后重试");
    }

    [Fact]
    public async Task A_device_used_by_another_employee_the_same_day_is_reviewed()
    {
        var (lat, lon) = Bed.North(10);
        var first = await Bed.PostAsync("u10a", Body("dev-a", lat, lon, deviceId: "shared-phone"));
        first.Body.GetProperty("verdict").GetString().Should().Be("accepted");
        Codes(first.Body).Should().Contain("DEVICE_NEW");

        (lat, lon) = Bed.North(10);
        var second = await Bed.PostAsync("u10b", Body("dev-b", lat, lon, deviceId: "shared-phone"));
        Codes(second.Body).Should().Contain("DEVICE_SHARED");
        second.Body.GetProperty("verdict").GetString().Should().Be("review");

        // The first owner's next punch on it: known device, but now shared.
        (lat, lon) = Bed.North(10);
        var again = await Bed.PostAsync("u10a", Body("dev-a2", lat, lon, deviceId: "shared-phone", kind: "out"));
        Codes(again.Body).Should().NotContain("DEVICE_NEW");
        Codes(again.Body).Should().Contain("DEVICE_SHARED");
    }

    [Fact]
    public async Task Shanghai_then_Beijing_seconds_later_is_impossible_travel()
    {
        var (lat, lon) = Bed.North(10);
        await Bed.PostAsync("u11a", Body("sh", lat, lon));
        var (_, body, _) = await Bed.PostAsync("u11a", Body("bj", 39.904211, 116.407395, kind: "out"));
        Codes(body).Should().Contain("IMPOSSIBLE_TRAVEL");
        body.GetProperty("verdict").GetString().Should().Be("review");
    }

    [Fact]
    public async Task A_device_clock_an_hour_off_is_reviewed_and_device_time_is_kept()
    {
        var (lat, lon) = Bed.North(10);
        var deviceTime = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(8));
        var (_, body, _) = await Bed.PostAsync("u10a", Body("skew", lat, lon, deviceTime: deviceTime.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
        Codes(body).Should().Contain("CLOCK_SKEW");
        body.GetProperty("verdict").GetString().Should().Be("review");
        var kept = DateTimeOffset.Parse(body.GetProperty("deviceTime").GetString()!, CultureInfo.InvariantCulture);
        kept.ToUnixTimeSeconds().Should().Be(deviceTime.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Zero_accuracy_and_coordinates_copied_from_a_colleague_are_suspicious()
    {
        var (lat, lon) = Bed.North(10);
        var zero = await Bed.PostAsync("u10a", Body("zero", lat, lon, accuracy: 0));
        Codes(zero.Body).Should().Contain("SUSPICIOUS_FIX");
        zero.Body.GetProperty("verdict").GetString().Should().Be("review");

        (lat, lon) = Bed.North(10);
        var honest = await Bed.PostAsync("u11a", Body("orig", lat, lon));
        Codes(honest.Body).Should().NotContain("SUSPICIOUS_FIX");
        var copy = await Bed.PostAsync("u11b", Body("copy", lat, lon));
        Codes(copy.Body).Should().Contain("SUSPICIOUS_FIX");
        copy.Body.GetProperty("verdict").GetString().Should().Be("review");
    }

    [Fact]
    public async Task A_replay_answers_200_with_the_same_body_and_a_changed_payload_409()
    {
        var (lat, lon) = Bed.North(40);
        var first = await Bed.PostAsync("u10a", Body("replay-1", lat, lon, deviceId: "p1"));
        first.Status.Should().Be(HttpStatusCode.Created);
        var replay = await Bed.PostAsync("u10a", Body("replay-1", lat, lon, deviceId: "p1"));
        replay.Status.Should().Be(HttpStatusCode.OK);
        Text(replay.Body).Should().Be(Text(first.Body));

        var conflict = await Bed.PostAsync("u10a", Body("replay-1", lat + 0.001, lon, deviceId: "p1"));
        conflict.Status.Should().Be(HttpStatusCode.Conflict);
        (conflict.Response.Content.Headers.ContentType?.MediaType).Should().Be("application/problem+json");
        conflict.Body.GetProperty("punchId").GetInt64().Should().Be(first.Body.GetProperty("punchId").GetInt64());

        // Another employee may use the same client id: ids are per user.
        var other = await Bed.PostAsync("u10b", Body("replay-1", lat, lon + 0.0001));
        other.Status.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task My_punches_of_a_work_date_come_back_as_an_array()
    {
        var (lat, lon) = Bed.North(10);
        var first = await Bed.PostAsync("u10c", Body("mine-1", lat, lon));
        (lat, lon) = Bed.North(10);
        await Bed.PostAsync("u10c", Body("mine-2", lat, lon, kind: "out"));
        (lat, lon) = Bed.North(10);
        await Bed.PostAsync("u10b", Body("theirs", lat, lon));
        var date = first.Body.GetProperty("workDate").GetString();
        var token = await Bed.TokenAsync("u10c");

        var (status, list, _) = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={date}", bearer: token));
        status.Should().Be(HttpStatusCode.OK);
        list.EnumerateArray().Select(p => p.GetProperty("clientPunchId").GetString()).Should().Equal(["mine-1", "mine-2"]);
        Text(list[0]).Should().Be(Text(first.Body));

        var empty = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, "/api/me/punches?date=2020-01-01", bearer: token));
        empty.Body.GetArrayLength().Should().Be(0);
        foreach (var bad in new[] { "", "?date=", "?date=2026-13-01", "?date=01.03.2026" })
        {
            var refused = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, "/api/me/punches" + bad, bearer: token));
            refused.Status.Should().Be(HttpStatusCode.BadRequest);
            refused.Body.GetProperty("errors").TryGetProperty("date", out _).Should().BeTrue();
        }

        var anonymous = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={date}"));
        anonymous.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_review_punch_queues_one_alert_for_the_direct_leader_else_the_department_leaders()
    {
        var (lat, lon) = Bed.North(10);
        var review = await Bed.PostAsync("u10a", Body("alert-1", lat, lon, accuracy: 0));
        review.Body.GetProperty("verdict").GetString().Should().Be("review");
        (lat, lon) = Bed.North(1_500);
        var rejected = await Bed.PostAsync("u12c", Body("alert-2", lat, lon));
        rejected.Body.GetProperty("verdict").GetString().Should().Be("rejected");
        (lat, lon) = Bed.North(10);
        await Bed.PostAsync("u10b", Body("no-alert", lat, lon));

        var response = await Bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=pending&limit=10&offset=0");
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        rows.GetArrayLength().Should().Be(2);
        var byKey = rows.EnumerateArray().ToDictionary(r => r.GetProperty("dedupeKey").GetString()!);
        // In review: a card the leader decides on (通过 / 驳回), not a text (docs/bot.md).
        var reviewId = review.Body.GetProperty("punchId").GetInt64();
        var alert = byKey[$"review:punch:{reviewId}:card"];
        alert.GetProperty("channel").GetString().Should().Be("app");
        alert.GetProperty("target").GetString().Should().Be("boss");
        var payload = JsonDocument.Parse(alert.GetProperty("payload").GetString()!).RootElement;
        payload.GetProperty("touser").GetString().Should().Be("boss");
        payload.GetProperty("msgtype").GetString().Should().Be("template_card");
        var card = payload.GetProperty("template_card");
        card.GetProperty("task_id").GetString().Should().MatchRegex($"^review-{reviewId}-[0-9a-f]{{16}}$");
        card.GetProperty("button_list").EnumerateArray().Select(b => b.GetProperty("text").GetString()).ToArray().Should().Equal(["通过", "驳回"]);
        var text = card.GetRawText();
        text.Should().Contain("员工10a（u10a）");
        text.Should().Contain("定位精度为 0");
        var rejectedAlert = byKey[$"alert:punch:{rejected.Body.GetProperty("punchId").GetInt64()}"];
        JsonDocument.Parse(rejectedAlert.GetProperty("payload").GetString()!).RootElement.GetProperty("msgtype").GetString().Should().Be("text");

        var badState = await Bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=lost");
        badState.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}

public sealed class PunchScoringEndpointTestsOnSqlite() : PunchScoringEndpointTests(DatabaseProvider.Sqlite);

public sealed class PunchScoringEndpointTestsOnPostgres() : PunchScoringEndpointTests(DatabaseProvider.Postgres);
