using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Days;
using Attendance.BotHost.Punching;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Schedule;
using Attendance.Rules.Sites;

namespace Attendance.BotHost.Demo;

/// <summary>
/// A month of punches up to yesterday, so 我的考勤, 异常, 导出, the digest and the monthly report have something to show
/// on the first run. Everything goes through the product's own paths: punches through <see cref="PunchImportService"/>
/// (scored by the live rules, idempotent per employee and capture time, the touched days evaluated), the 补卡 through
/// <see cref="CorrectionService"/>, and the month through <see cref="DayService"/> as the finalize-days job does.
/// </summary>
/// <remarks>
/// The story is told once: the first run (no demo import in the window yet) places the anomalies on working days
/// counted back from yesterday; later runs only fill working days a person has no punch on with ordinary days, so
/// running <c>--demo</c> again, today or next week, adds no second review, 补卡 or anomaly to days already told.
/// </remarks>
public sealed class DemoHistory(
    PunchImportService imports,
    PunchRepository punches,
    CorrectionService corrections,
    CorrectionRepository correctionRows,
    Bot.BotCorrections cards,
    EmployeeRepository employees,
    DayService days,
    SiteRepository sites,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<DemoHistory> logger)
{
    /// <summary>
    /// <c>false</c> seeds the company without its history: for tests that drive the punch and review pages from an
    /// empty month and count what they create (the browser tests), and for anyone who wants a blank demo.
    /// </summary>
    public const string EnabledKey = "Demo:History";

    /// <summary>Audit actor of the story's own writes; the company itself stays under <see cref="DemoSeeder.Actor"/>.</summary>
    public const string Actor = "demo-story";

    public const int DaysBack = 30;

    public const string ClientSiteId = "client-lujiazui";

    public const string CorrectionReason = "早上先去会议室准备晨会，忘记打卡，9点多才想起来补打";

    /// <summary>The client's office tower in Lujiazui (陆家嘴), GCJ-02.</summary>
    public static readonly GeoPoint ClientGcj02 = new(31.2355, 121.5057);

    /// <summary>Where 张伟 met the client: across the road from the tower, about 370 m north of it, outside its fence.</summary>
    public static readonly GeoPoint ClientMeetingGcj02 = new(31.2388, 121.5057);

    private const string Source = "wecom";
    private const string Bssid = "0a:1b:2c:3d:4e:5f";

    /// <summary>Working days counted back from the last one before today (0 = yesterday, or Friday on a Monday).</summary>
    private const int WangfangLateLast = 0, LiuyangInReview = 0, LiuyangEarly = 2, ZhangweiField = 3, LiuyangNoClockOut = 5, WangfangLate2 = 6,
        WangfangLate3 = 11;

    /// <summary>
    /// The demo's days, up to yesterday in the company's zone and day boundary. They start on the first of the month
    /// <see cref="DaysBack"/> days ago, not on that day: a month report or 导出 of last month would otherwise show the
    /// days before the history as absences nobody had.
    /// </summary>
    public async Task<(DateOnly From, DateOnly To)> WindowAsync(CancellationToken cancellationToken = default)
    {
        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var today = WorkDates.ByBoundary(time.GetUtcNow(), schedule.CompanyZone, schedule.Boundary);
        var start = today.AddDays(-DaysBack);
        return (new DateOnly(start.Year, start.Month, 1), today.AddDays(-1));
    }

    public async Task TellAsync(CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue(EnabledKey, true))
        {
            return;
        }

        // 外勤 needs a site whose out-of-range policy is Field (PunchScorer: out of range + Field); the headquarters keep
        // Exception (地点异常), so 研发部 gets the client's site, and a punch near it but outside its fence is 外勤.
        await sites.UpsertAsync(new Site(ClientSiteId, "客户现场（陆家嘴）", CoordinateSystem.Gcj02, new CircleFence(ClientGcj02, 150), null, [], [2],
            OutOfRangePolicy.Field, RequirePhoto: false, RequireFace: false), Actor, cancellationToken);

        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var (from, to) = await WindowAsync(cancellationToken);
        var people = (await days.ListEmployeesAsync(from, cancellationToken))
            .Where(e => DemoPeople.All.Any(p => string.Equals(p.UserId, e.UserId, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        var existing = await punches.ListForWorkDatesAsync(from, to, cancellationToken);
        var punched = existing.Select(p => (p.UserId.ToLowerInvariant(), p.WorkDate)).ToHashSet();
        var told = existing.Any(p => people.ContainsKey(p.UserId) && p.ClientPunchId.StartsWith("import:", StringComparison.Ordinal));

        var records = new List<ImportRecord>();
        DateOnly? lastWorkday = null;
        var n = 0;
        for (var date = to; date >= from; date = date.AddDays(-1))
        {
            var working = false;
            foreach (var person in DemoPeople.All)
            {
                if (!people.TryGetValue(person.UserId, out var employee) || schedule.ShiftOn(employee, date) is null)
                {
                    continue;
                }

                working = true;
                lastWorkday ??= date;
                if (!punched.Contains((person.UserId, date)))
                {
                    records.AddRange(Day(person.UserId, date, told ? -1 : n, schedule.ZoneFor(employee)));
                }
            }

            n += working ? 1 : 0;
        }

        var summary = records.Count == 0 ? new ImportSummary(0, 0, 0, 0, 0) : await imports.ImportAsync(new ImportRequest(records), cancellationToken);
        if (summary.Created > 0)
        {
            // The import evaluated the days it touched; the finalize-days pass stores the rest (rest days, holidays) too.
            await days.EvaluateRangeAsync(from, to, [.. people.Keys], cancellationToken);
        }

        var requested = !told && lastWorkday is { } late && await RequestCorrectionAsync(late, cancellationToken);
        logger.LogInformation("Demo history {From}..{To}: {Created} punch(es) imported, {Duplicates} already there, correction requested: {Requested}",
            from, to, summary.Created, summary.Duplicates, requested);
    }

    /// <summary>王芳 asks to have the late day's arrival put at 08:56; it waits for 张伟, her direct leader.</summary>
    private async Task<bool> RequestCorrectionAsync(DateOnly date, CancellationToken cancellationToken)
    {
        // The service, not the bot's 补卡 command: the command would also queue an approval card to WeCom, which a demo
        // without WeCom cannot deliver; 张伟 finds the request with 待审批 instead.
        if ((await correctionRows.ListForUserAsync("wangfang", cancellationToken)).Any(c => c.Reason == CorrectionReason))
        {
            return false;
        }

        try
        {
            var correction = await corrections.RequestAsync("wangfang", new CorrectionRequest(date, "in", "08:56", CorrectionReason), Actor, cancellationToken);
            // As from the punch page: 张伟 gets the card to decide on (in chat, or on /demo when the simulator stands in).
            if (await employees.GetAsync("wangfang", cancellationToken) is { } employee)
            {
                await cards.SendApprovalCardAsync(employee, correction, cancellationToken);
            }

            return true;
        }
        catch (InputException e)
        {
            // Only after a long holiday is the last working day beyond the days-back limit; the rest of the story stands.
            logger.LogWarning("Demo 补卡 not requested: {Errors}", string.Join("; ", e.Errors.Select(f => f.Message)));
            return false;
        }
    }

    /// <summary>One person's punches on one working day; <paramref name="n"/> is the working day's place in the story
    /// (-1: an ordinary day). The standard shift has two segments, so an ordinary day is four punches: in, out for
    /// lunch, back in, out.</summary>
    private static IEnumerable<ImportRecord> Day(string userId, DateOnly date, int n, TimeZoneInfo zone)
    {
        // Deterministic per person and day, so a day looks the same however often the demo is seeded.
        var jitter = (int)(((uint)date.DayNumber * 2654435761u) ^ (uint)(userId.Length * 40503 + userId[0] * 977)) & 0x7fffffff;
        var inAt = new TimeOnly(8, 38).AddMinutes(jitter % 19).Add(TimeSpan.FromSeconds(jitter / 19 % 60));
        var lunchOut = new TimeOnly(12, 0, 20).AddMinutes(jitter / 3 % 12).Add(TimeSpan.FromSeconds(jitter / 5 % 40));
        var lunchIn = new TimeOnly(12, 41).AddMinutes(jitter / 11 % 17).Add(TimeSpan.FromSeconds(jitter / 17 % 60));
        var outAt = new TimeOnly(18, 1).AddMinutes(jitter / 7 % 23).Add(TimeSpan.FromSeconds(jitter / 13 % 60));
        var office = Office(jitter);
        var inPlace = office;
        var wifi = new ImportWifi("Demo-Office", Bssid);
        ImportWifi? inWifi = wifi;
        var clockOut = true;
        switch (userId, n)
        {
            case ("wangfang", WangfangLateLast):
                inAt = new TimeOnly(9, 17, 23);
                break;
            case ("wangfang", WangfangLate2):
                inAt = new TimeOnly(9, 26, 8);
                break;
            case ("wangfang", WangfangLate3):
                inAt = new TimeOnly(9, 11, 42);
                break;
            case ("liuyang", LiuyangInReview):
                // A perfect fix (accuracy 0) is what mock-location apps report: the scorer's anti-cheat check sends the
                // punch to review, and the day waits as 待复核 until 张伟 or HR decides.
                inPlace = new ImportLocation(31.23042, 121.47371, 0, "gcj02");
                inWifi = null;
                break;
            case ("liuyang", LiuyangEarly):
                outAt = new TimeOnly(17, 21, 5);
                break;
            case ("liuyang", LiuyangNoClockOut):
                clockOut = false;
                break;
            case ("zhangwei", ZhangweiField):
                inAt = new TimeOnly(8, 57, 31);
                inPlace = new ImportLocation(ClientMeetingGcj02.Latitude, ClientMeetingGcj02.Longitude, 25, "gcj02");
                inWifi = null;
                break;
        }

        yield return new ImportRecord(userId, At(date, inAt, zone), "in", Source, null, inPlace, inWifi);
        yield return new ImportRecord(userId, At(date, lunchOut, zone), "out", Source, null, office, wifi);
        yield return new ImportRecord(userId, At(date, lunchIn, zone), "in", Source, null, office, wifi);
        if (clockOut)
        {
            yield return new ImportRecord(userId, At(date, outAt, zone), "out", Source, null, office, wifi);
        }
    }

    /// <summary>A fix a few metres around the office, five decimals (what phones report), accuracy 10–40 m.</summary>
    private static ImportLocation Office(int jitter) =>
        new(Math.Round(DemoSeeder.OfficeGcj02.Latitude + ((jitter % 7) - 3) * 0.00004, 5),
            Math.Round(DemoSeeder.OfficeGcj02.Longitude + ((jitter / 7 % 7) - 3) * 0.00004, 5), 10 + (jitter % 31), "gcj02");

    private static DateTimeOffset At(DateOnly date, TimeOnly local, TimeZoneInfo zone)
    {
        var utc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(local, DateTimeKind.Unspecified), zone);
        return new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(zone.GetUtcOffset(utc));
    }
}
