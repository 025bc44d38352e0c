using Attendance.BotHost.Tests.Punching;
using Attendance.BotHost.Tests.Days;

namespace Attendance.BotHost.Tests.Bot;

/// <summary>
/// Real punches that the rules send to review, on the bot rig: one site for everyone on the People's Square fence,
/// employees logged in through the dev login, and a fix reported with accuracy 0 (SUSPICIOUS_FIX → review).
/// </summary>
internal static class ReviewPunches
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static int _jitter;

    public static async Task<BotRig> StartAsync(Data.DatabaseProvider provider = Data.DatabaseProvider.Sqlite)
    {
        var rig = await BotRig.StartAsync(provider, "--Security:DevLogin=true");
        await rig.SeedAsync();
        await SmallCompany.Ok(rig.Host, HttpMethod.Put, "/api/admin/sites/hq", new
        {
            name = "上海总部",
            coordinateSystem = "gcj02",
            circle = new { latitude = PunchTestBed.SiteLatitude, longitude = PunchTestBed.SiteLongitude, radiusMeters = 300 },
            wifi = Array.Empty<object>(),
            departmentIds = Array.Empty<long>(),
            outOfRange = "exception",
            requirePhoto = false,
            requireFace = false,
        });
        return rig;
    }

    /// <summary>The work date a punch made now belongs to (day boundary 04:00, Asia/Shanghai).</summary>
    public static DateOnly WorkDate()
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai);
        return DateOnly.FromDateTime(local.Hour < 4 ? local.DateTime.AddDays(-1) : local.DateTime);
    }

    /// <summary>
    /// Gives <paramref name="userId"/> a shift on today's work date that started 90 minutes ago (its absence is
    /// decided) and ended 30 minutes ago (a check-out now is inside its window), on a day made a workday whatever the
    /// calendar says. Without the check-out the day is absent, with it missing_in: a flagged check-out makes it
    /// pending_review, at any hour the test runs.
    /// </summary>
    public static async Task<string> ShiftEndingNowAsync(BotRig rig, string userId)
    {
        var date = WorkDate();
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai);
        var minutes = (int)(local.DateTime - date.ToDateTime(TimeOnly.MinValue)).TotalMinutes;
        var start = Math.Min(minutes - 90, (24 * 60) - 1);
        var end = (minutes - 30) % (24 * 60);
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await SmallCompany.Ok(rig.Host, HttpMethod.Put, "/api/admin/shifts/probe", new
        {
            name = "复核班",
            segments = new[] { new { start = Clock(start), end = Clock(end) } },
            checkInOpensMinutesBefore = 60,
            checkOutClosesMinutesAfter = 180,
            lateGraceMinutes = 5,
            seriousLateMinutes = 15,
            absentLateMinutes = 30,
        });
        await SmallCompany.Ok(rig.Host, HttpMethod.Post, "/api/admin/assignments",
            new { userId, shiftId = "probe", from = day, to = day, weekdays = new[] { 1, 2, 3, 4, 5, 6, 7 } });
        await SmallCompany.Ok(rig.Host, HttpMethod.Put, $"/api/admin/calendar/{day}", new { kind = "workday", name = "复核测试" });
        return day;
    }

    /// <summary>A check-out by <paramref name="userId"/> now that the rules send to review; its punch id.</summary>
    public static async Task<long> PunchAsync(BotRig rig, string userId, string kind = "out")
    {
        var n = Interlocked.Increment(ref _jitter);
        var body = PunchTestBed.Body($"review-{userId}-{n}", Math.Round(PunchTestBed.SiteLatitude + (n * 3e-6), 6),
            Math.Round(PunchTestBed.SiteLongitude + (n * 3e-6), 6), accuracy: 0, kind: kind);
        var response = await rig.Host.Client.SendAsync(rig.Host.Request(HttpMethod.Post, "/api/punches", body, await TokenAsync(rig, userId)));
        var punch = await SmallCompany.Expect(response, HttpStatusCode.Created);
        punch.GetProperty("verdict").GetString().Should().Be("review");
        return punch.GetProperty("punchId").GetInt64();
    }

    public static async Task<string> TokenAsync(BotRig rig, string userId)
    {
        var response = await rig.Host.Client.SendAsync(rig.Host.Request(HttpMethod.Post, "/api/sessions/dev", new { userId }));
        return (await SmallCompany.Expect(response, HttpStatusCode.OK)).GetProperty("token").GetString()!;
    }

    public static async Task<string?> StatusAsync(BotRig rig, string day, string userId)
    {
        var days = SmallCompany.ByUser(await SmallCompany.Ok(rig.Host, HttpMethod.Get, $"/api/admin/days?date={day}"));
        return days[userId].GetProperty("status").GetString();
    }

    /// <summary>The review card for <paramref name="punchId"/>, once it has reached <paramref name="leader"/>.</summary>
    public static async Task<JsonElement> CardAsync(BotRig rig, string leader, long punchId)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"review-{punchId}-");
        var message = await rig.NextAsync(leader, 0, m => m.MsgType == "template_card"
                                                          && ((string?)BotRig.Body(m)["template_card"]!["task_id"] ?? "").StartsWith(prefix, StringComparison.Ordinal));
        return JsonDocument.Parse(message.Json).RootElement.Clone();
    }

    private static string Clock(int minutes) => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:D2}:{minutes % 60:D2}");
}
