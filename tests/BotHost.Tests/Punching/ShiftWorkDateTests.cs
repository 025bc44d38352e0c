using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Tests.Punching;

/// <summary>
/// A punch gets the work date its shift started on, as imports and day evaluation date it: a long shift that began
/// yesterday and is still running lists its punch under yesterday, in the punch's answer, in <c>/api/me/punches</c>
/// and on the punch page's today. (The clock is the real one, so the shift is laid around "now": from 22 hours ago
/// to an hour ahead. Between 22:00 and 24:00 Shanghai time that shift starts today and the test checks the plain case.)
/// </summary>
public sealed class ShiftWorkDateTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task A_punch_during_a_shift_that_began_yesterday_belongs_to_the_day_it_began()
    {
        await using var bed = await PunchTestBed.StartAsync();
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Shanghai);
        var start = now.AddHours(-22);
        var end = now.AddHours(1);
        var startDate = DateOnly.FromDateTime(start.DateTime);
        (await bed.Host.AdminAsync(HttpMethod.Put, "/api/admin/shifts/long", new
        {
            name = "长班",
            segments = new[] { new { start = start.ToString("HH:mm", CultureInfo.InvariantCulture), end = end.ToString("HH:mm", CultureInfo.InvariantCulture) } },
            checkInOpensMinutesBefore = 20,
            checkOutClosesMinutesAfter = 20,
        })).IsSuccessStatusCode.Should().BeTrue();
        (await bed.Host.AdminAsync(HttpMethod.Post, "/api/admin/assignments", new
        {
            userId = "u10a", shiftId = "long", from = Text(startDate.AddDays(-3)), to = Text(startDate.AddDays(3)),
        })).IsSuccessStatusCode.Should().BeTrue();

        var (lat, lon) = bed.North(10);
        var (status, punch, _) = await bed.PostAsync("u10a", PunchTestBed.Body("shift-date-1", lat, lon, kind: "out"));

        status.Should().Be(HttpStatusCode.Created, punch.ToString());
        punch.GetProperty("workDate").GetString().Should().Be(Text(startDate), "the shift began on that date");
        var byBoundary = WorkDates.ByBoundary(DateTimeOffset.UtcNow, Shanghai, new TimeOnly(4, 0));
        var token = await bed.TokenAsync("u10a");
        var (_, listed, _) = await bed.SendAsync(bed.Host.Request(HttpMethod.Get, $"/api/me/punches?date={Text(startDate)}", null, token));
        listed.EnumerateArray().Select(p => p.GetProperty("clientPunchId").GetString()).Should().Equal(["shift-date-1"]);
        var (_, today, _) = await bed.SendAsync(bed.Host.Request(HttpMethod.Get, "/api/me/today", null, token));
        today.GetProperty("date").GetString().Should().Be(Text(startDate), $"the page shows the work day now running (the boundary alone says {Text(byBoundary)})");
        today.GetProperty("shift").GetProperty("id").GetString().Should().Be("long");
        today.GetProperty("punches").EnumerateArray().Should().ContainSingle();
    }

    private static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
