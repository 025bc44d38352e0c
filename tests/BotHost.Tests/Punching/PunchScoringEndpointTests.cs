using System.Globalization;
using System.Net;
using System.Text.Json;
using Attendance.Data;
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
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("accepted", body.GetProperty("verdict").GetString());
        Assert.Contains("LOCATION_IN_FENCE", Codes(body));
        Assert.Equal("hq-exception", body.GetProperty("site").GetProperty("id").GetString());
        Assert.Equal("上海总部", body.GetProperty("site").GetProperty("name").GetString());
        Assert.InRange(body.GetProperty("site").GetProperty("distanceMeters").GetInt32(), 45, 60);
        Assert.Equal("in-1", body.GetProperty("clientPunchId").GetString());
        Assert.Equal("u10a", body.GetProperty("userId").GetString());
        Assert.Equal("in", body.GetProperty("kind").GetString());
        Assert.Equal(0, body.GetProperty("riskScore").GetInt32());

        var serverTimeText = body.GetProperty("serverTime").GetString()!;
        Assert.EndsWith("+08:00", serverTimeText, StringComparison.Ordinal);
        var serverTime = DateTimeOffset.Parse(serverTimeText, CultureInfo.InvariantCulture);
        Assert.Equal($"上班打卡成功 {serverTime:HH:mm}", body.GetProperty("message").GetString());
        Assert.Equal(WorkDates.ByBoundary(serverTime, Shanghai, new TimeOnly(4, 0)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            body.GetProperty("workDate").GetString());
        Assert.NotNull(response.Headers.Location);
    }

    [Fact]
    public async Task A_wgs84_fix_is_converted_before_measuring()
    {
        var (lat, lon) = Bed.North(0);
        var wgs = ChinaDatum.Gcj02ToWgs84(new GeoPoint(lat, lon));
        var (status, body, _) = await Bed.PostAsync("u10a", Body("wgs-1", Math.Round(wgs.Latitude, 6), Math.Round(wgs.Longitude, 6), coordinateSystem: "wgs84"));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Contains("LOCATION_IN_FENCE", Codes(body));
        Assert.InRange(body.GetProperty("site").GetProperty("distanceMeters").GetInt32(), 0, 10);

        // The same numbers read as GCJ-02 are hundreds of metres off: never compare raw WGS-84 with a GCJ-02 fence.
        var raw = await Bed.PostAsync("u10b", Body("wgs-raw", Math.Round(wgs.Latitude, 6), Math.Round(wgs.Longitude, 6)));
        Assert.Contains("LOCATION_OUT_OF_FENCE", Codes(raw.Body));
    }

    [Fact]
    public async Task Out_of_fence_follows_each_site_policy()
    {
        var exception = await Bed.PostAsync("u10a", Body("out-exc", Bed.North(1_500).Latitude, Bed.North(1_500).Longitude));
        Assert.Equal("accepted", exception.Body.GetProperty("verdict").GetString());
        Assert.Contains("LOCATION_OUT_OF_FENCE", Codes(exception.Body));
        Assert.True(exception.Body.GetProperty("isLocationException").GetBoolean());
        Assert.Contains("地点异常", exception.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (lat, lon) = Bed.North(1_500);
        var field = await Bed.PostAsync("u11a", Body("out-field", lat, lon));
        Assert.Equal("accepted", field.Body.GetProperty("verdict").GetString());
        Assert.True(field.Body.GetProperty("isField").GetBoolean());
        Assert.Contains("外勤", field.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        (lat, lon) = Bed.North(1_500);
        var forbid = await Bed.PostAsync("u12a", Body("out-forbid", lat, lon));
        Assert.Equal(HttpStatusCode.Created, forbid.Status);
        Assert.Equal("rejected", forbid.Body.GetProperty("verdict").GetString());
        Assert.StartsWith("不在打卡范围内，距离上海总部 1.5 公里", forbid.Body.GetProperty("message").GetString(), StringComparison.Ordinal);

        // Out of range on a device never seen before is a review, not a silent acceptance.
        (lat, lon) = Bed.North(1_500);
        var newDevice = await Bed.PostAsync("u10b", Body("out-new-device", lat, lon, deviceId: "phone-u10b"));
        Assert.Equal("review", newDevice.Body.GetProperty("verdict").GetString());
        Assert.Contains("DEVICE_NEW", Codes(newDevice.Body));
    }

    [Fact]
    public async Task An_accuracy_wider_than_the_fence_is_inconclusive_and_reviewed()
    {
        var (lat, lon) = Bed.North(20);
        var (_, body, _) = await Bed.PostAsync("u10a", Body("wide", lat, lon, accuracy: 500));
        Assert.Contains("LOCATION_INCONCLUSIVE", Codes(body));
        Assert.Equal("review", body.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_punch_without_location_is_rejected_unless_wifi_places_it()
    {
        var missing = await Bed.PostAsync("u10a", Body("no-loc", null, null));
        Assert.Equal(HttpStatusCode.Created, missing.Status);
        Assert.Contains("LOCATION_MISSING", Codes(missing.Body));
        Assert.Equal("rejected", missing.Body.GetProperty("verdict").GetString());

        var wifiOnly = await Bed.PostAsync("u12a", Body("wifi-only", null, null, bssid: "aa:bb:cc:dd:ee:01"));
        Assert.Contains("WIFI_MATCH", Codes(wifiOnly.Body));
        Assert.Equal("accepted", wifiOnly.Body.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_matching_bssid_rescues_a_forbidden_out_of_range_fix()
    {
        var (lat, lon) = Bed.North(1_500);
        var (_, body, _) = await Bed.PostAsync("u12a", Body("wifi-rescue", lat, lon, bssid: "aabb.ccdd.ee01"));
        Assert.Contains("WIFI_MATCH", Codes(body));
        Assert.Equal("accepted", body.GetProperty("verdict").GetString());

        (lat, lon) = Bed.North(1_500);
        var other = await Bed.PostAsync("u12b", Body("wifi-other", lat, lon, bssid: "11:22:33:44:55:66"));
        Assert.Contains("WIFI_MISMATCH", Codes(other.Body));
        Assert.Equal("rejected", other.Body.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_require_photo_site_rejects_a_punch_without_photo()
    {
        var (lat, lon) = Bed.North(30);
        var (_, body, _) = await Bed.PostAsync("u13a", Body("no-photo", lat, lon));
        Assert.Contains("PHOTO_MISSING", Codes(body));
        Assert.Equal("rejected", body.GetProperty("verdict").GetString());
        Assert.Equal("该地点要求拍照打卡，请拍照后重试", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_device_used_by_another_employee_the_same_day_is_reviewed()
    {
        var (lat, lon) = Bed.North(10);
        var first = await Bed.PostAsync("u10a", Body("dev-a", lat, lon, deviceId: "shared-phone"));
        Assert.Equal("accepted", first.Body.GetProperty("verdict").GetString());
        Assert.Contains("DEVICE_NEW", Codes(first.Body));

        (lat, lon) = Bed.North(10);
        var second = await Bed.PostAsync("u10b", Body("dev-b", lat, lon, deviceId: "shared-phone"));
        Assert.Contains("DEVICE_SHARED", Codes(second.Body));
        Assert.Equal("review", second.Body.GetProperty("verdict").GetString());

        // The first owner's next punch on it: known device, but now shared.
        (lat, lon) = Bed.North(10);
        var again = await Bed.PostAsync("u10a", Body("dev-a2", lat, lon, deviceId: "shared-phone", kind: "out"));
        Assert.DoesNotContain("DEVICE_NEW", Codes(again.Body));
        Assert.Contains("DEVICE_SHARED", Codes(again.Body));
    }

    [Fact]
    public async Task Shanghai_then_Beijing_seconds_later_is_impossible_travel()
    {
        var (lat, lon) = Bed.North(10);
        await Bed.PostAsync("u11a", Body("sh", lat, lon));
        var (_, body, _) = await Bed.PostAsync("u11a", Body("bj", 39.904211, 116.407395, kind: "out"));
        Assert.Contains("IMPOSSIBLE_TRAVEL", Codes(body));
        Assert.Equal("review", body.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_device_clock_an_hour_off_is_reviewed_and_device_time_is_kept()
    {
        var (lat, lon) = Bed.North(10);
        var deviceTime = DateTimeOffset.UtcNow.AddHours(-1).ToOffset(TimeSpan.FromHours(8));
        var (_, body, _) = await Bed.PostAsync("u10a", Body("skew", lat, lon, deviceTime: deviceTime.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture)));
        Assert.Contains("CLOCK_SKEW", Codes(body));
        Assert.Equal("review", body.GetProperty("verdict").GetString());
        var kept = DateTimeOffset.Parse(body.GetProperty("deviceTime").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(deviceTime.ToUnixTimeSeconds(), kept.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Zero_accuracy_and_coordinates_copied_from_a_colleague_are_suspicious()
    {
        var (lat, lon) = Bed.North(10);
        var zero = await Bed.PostAsync("u10a", Body("zero", lat, lon, accuracy: 0));
        Assert.Contains("SUSPICIOUS_FIX", Codes(zero.Body));
        Assert.Equal("review", zero.Body.GetProperty("verdict").GetString());

        (lat, lon) = Bed.North(10);
        var honest = await Bed.PostAsync("u11a", Body("orig", lat, lon));
        Assert.DoesNotContain("SUSPICIOUS_FIX", Codes(honest.Body));
        var copy = await Bed.PostAsync("u11b", Body("copy", lat, lon));
        Assert.Contains("SUSPICIOUS_FIX", Codes(copy.Body));
        Assert.Equal("review", copy.Body.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task A_replay_answers_200_with_the_same_body_and_a_changed_payload_409()
    {
        var (lat, lon) = Bed.North(40);
        var first = await Bed.PostAsync("u10a", Body("replay-1", lat, lon, deviceId: "p1"));
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var replay = await Bed.PostAsync("u10a", Body("replay-1", lat, lon, deviceId: "p1"));
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(Text(first.Body), Text(replay.Body));

        var conflict = await Bed.PostAsync("u10a", Body("replay-1", lat + 0.001, lon, deviceId: "p1"));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("application/problem+json", conflict.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(first.Body.GetProperty("punchId").GetInt64(), conflict.Body.GetProperty("punchId").GetInt64());

        // Another employee may use the same client id: ids are per user.
        var other = await Bed.PostAsync("u10b", Body("replay-1", lat, lon + 0.0001));
        Assert.Equal(HttpStatusCode.Created, other.Status);
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
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["mine-1", "mine-2"], list.EnumerateArray().Select(p => p.GetProperty("clientPunchId").GetString()));
        Assert.Equal(Text(first.Body), Text(list[0]));

        var empty = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, "/api/me/punches?date=2020-01-01", bearer: token));
        Assert.Equal(0, empty.Body.GetArrayLength());
        foreach (var bad in new[] { "", "?date=", "?date=2026-13-01", "?date=01.03.2026" })
        {
            var refused = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, "/api/me/punches" + bad, bearer: token));
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.True(refused.Body.GetProperty("errors").TryGetProperty("date", out _));
        }

        var anonymous = await Bed.SendAsync(Bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={date}"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Fact]
    public async Task A_review_punch_queues_one_alert_for_the_direct_leader_else_the_department_leaders()
    {
        var (lat, lon) = Bed.North(10);
        var review = await Bed.PostAsync("u10a", Body("alert-1", lat, lon, accuracy: 0));
        Assert.Equal("review", review.Body.GetProperty("verdict").GetString());
        (lat, lon) = Bed.North(1_500);
        var rejected = await Bed.PostAsync("u12c", Body("alert-2", lat, lon));
        Assert.Equal("rejected", rejected.Body.GetProperty("verdict").GetString());
        (lat, lon) = Bed.North(10);
        await Bed.PostAsync("u10b", Body("no-alert", lat, lon));

        var response = await Bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=pending&limit=10&offset=0");
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        var byKey = rows.EnumerateArray().ToDictionary(r => r.GetProperty("dedupeKey").GetString()!);
        // In review: a card the leader decides on (通过 / 驳回), not a text (docs/bot.md).
        var reviewId = review.Body.GetProperty("punchId").GetInt64();
        var alert = byKey[$"review:punch:{reviewId}:card"];
        Assert.Equal("app", alert.GetProperty("channel").GetString());
        Assert.Equal("boss", alert.GetProperty("target").GetString());
        var payload = JsonDocument.Parse(alert.GetProperty("payload").GetString()!).RootElement;
        Assert.Equal("boss", payload.GetProperty("touser").GetString());
        Assert.Equal("template_card", payload.GetProperty("msgtype").GetString());
        var card = payload.GetProperty("template_card");
        Assert.Matches($"^review-{reviewId}-[0-9a-f]{{16}}$", card.GetProperty("task_id").GetString());
        Assert.Equal(["通过", "驳回"], card.GetProperty("button_list").EnumerateArray().Select(b => b.GetProperty("text").GetString()).ToArray());
        var text = card.GetRawText();
        Assert.Contains("员工10a（u10a）", text, StringComparison.Ordinal);
        Assert.Contains("定位精度为 0", text, StringComparison.Ordinal);
        var rejectedAlert = byKey[$"alert:punch:{rejected.Body.GetProperty("punchId").GetInt64()}"];
        Assert.Equal("text", JsonDocument.Parse(rejectedAlert.GetProperty("payload").GetString()!).RootElement.GetProperty("msgtype").GetString());

        var badState = await Bed.Host.AdminAsync(HttpMethod.Get, "/api/admin/outbox?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
    }
}

public sealed class PunchScoringEndpointTestsOnSqlite() : PunchScoringEndpointTests(DatabaseProvider.Sqlite);

public sealed class PunchScoringEndpointTestsOnPostgres() : PunchScoringEndpointTests(DatabaseProvider.Postgres);
