using Attendance.BotHost.Configuration;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Sessions;
using Attendance.Data.Privacy;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests.Sessions;

/// <summary>
/// "Today" is the work day everywhere: it ends at the day boundary (04:00), not at midnight. At 02:00 someone whose
/// last day was yesterday is still on that work day (a night shift's check-out), and is refused from 04:00 on.
/// </summary>
public sealed class CompanyTodayTests
{
    // 2026-03-03 02:00 in Shanghai (UTC+8).
    private static readonly DateTimeOffset TwoAm = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);

    private static CompanyClock Clock(TimeProvider time, string boundary = "04:00") =>
        new(time, Options.Create(new AttendanceOptions { TimeZone = "Asia/Shanghai", DayBoundary = boundary }));

    [Fact]
    public void Today_is_the_work_day_which_ends_at_the_boundary()
    {
        var time = new FakeTimeProvider(TwoAm);
        var clock = Clock(time);

        clock.Today().Should().Be(new DateOnly(2026, 3, 2), "02:00 is still the work day that began on the 2nd");
        clock.Local(TwoAm).Hour.Should().Be(2);
        time.Advance(TimeSpan.FromHours(2));
        clock.Today().Should().Be(new DateOnly(2026, 3, 3));
        Clock(new FakeTimeProvider(TwoAm), boundary: "00:00").Today().Should().Be(new DateOnly(2026, 3, 3), "with a midnight boundary the day is the calendar's");
    }

    [Fact]
    public async Task At_02_00_someone_whose_last_day_was_yesterday_may_still_punch_and_not_after_the_boundary()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var time = new FakeTimeProvider(TwoAm);
        var departments = new DepartmentRepository(db.Factory, time);
        await departments.UpsertAsync(new Department(1, "研发部", null, [], DigestSettings.None), "test", TestContext.Current.CancellationToken);
        var employees = new EmployeeRepository(db.Factory, time);
        await employees.UpsertAsync(new Employee("xuqing", "徐青", [1], 1, [], true, [Role.Employee], null, new DateOnly(2026, 3, 2)), "test",
            TestContext.Current.CancellationToken);
        using var cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = 100 });
        var eligibility = new SessionEligibility(employees, new LocationConsentRepository(db.Factory, time), cache, Clock(time),
            Options.Create(new PunchingOptions()));

        var (atTwo, refusedAtTwo) = await eligibility.CheckAsync("xuqing", TestContext.Current.CancellationToken);
        atTwo.Should().NotBeNull("her last day (the 2nd) is still the work day at 02:00 on the 3rd");
        refusedAtTwo.Should().BeNull();

        time.Advance(TimeSpan.FromHours(2));
        var (atFour, refusedAtFour) = await eligibility.CheckAsync("xuqing", TestContext.Current.CancellationToken);
        atFour.Should().BeNull();
        refusedAtFour!.StatusCode.Should().Be(403);
    }
}
