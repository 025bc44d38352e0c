using Attendance.BotHost.Demo;
using Attendance.BotHost.Days;
using Attendance.Data.Punches;
using Attendance.Data.Schedule;
using Attendance.Rules.Directory;
using Microsoft.Extensions.Time.Testing;

namespace Attendance.BotHost.Tests.Demo;

/// <summary>Seeding the demo again, today or on a later day, adds nothing twice; its history follows the clock it is given.</summary>
public sealed class DemoSeedingTests
{
    [Fact]
    public async Task Seeding_again_today_changes_nothing()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, demo: true);
        var before = await SnapshotAsync(host);
        before.Punches.Should().NotBeEmpty();
        before.Reviews.Should().Be(1);
        before.Corrections.Should().Be(1);

        await host.Services.GetRequiredService<DemoSeeder>().SeedAsync();

        (await SnapshotAsync(host)).Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task Seeding_on_a_later_day_only_adds_the_days_since()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite);
        var threeDaysAgo = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(-3));
        await SeederAt(host, threeDaysAgo).SeedAsync();
        var earlier = await SnapshotAsync(host);
        var (_, earlierEnd) = await HistoryAt(host, threeDaysAgo).WindowAsync();

        await host.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        var later = await SnapshotAsync(host);

        later.Punches.Should().Contain(earlier.Punches, "days already told stay as they were");
        later.Punches.Except(earlier.Punches).Should().OnlyContain(p => p.WorkDate > earlierEnd);
        later.Punches.GroupBy(p => (p.UserId, p.WorkDate)).Should().OnlyContain(g => g.Count() <= 4, "nobody punches a day twice over (four punches a day at most)");
        later.Reviews.Should().Be(1);
        later.Corrections.Should().Be(1);

        await host.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        (await SnapshotAsync(host)).Should().BeEquivalentTo(later);
    }

    [Fact]
    public async Task History_ends_yesterday_by_the_clock_it_is_given_and_keeps_rest_days_free()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite);
        // A Wednesday in Shanghai, 10:00; the month before holds the 劳动节 holidays.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 17, 10, 0, 0, TimeSpan.FromHours(8)));
        await SeederAt(host, clock).SeedAsync();

        var (from, to) = await HistoryAt(host, clock).WindowAsync();
        (from, to).Should().Be((new DateOnly(2026, 5, 1), new DateOnly(2026, 6, 16)));
        var punches = await host.Services.GetRequiredService<PunchRepository>().ListForWorkDatesAsync(from.AddDays(-40), to.AddDays(40));
        punches.Max(p => p.WorkDate).Should().Be(to);
        punches.Min(p => p.WorkDate).Should().BeOnOrAfter(from);

        var days = host.Services.GetRequiredService<DayService>();
        var schedule = await days.LoadScheduleAsync();
        var zhangwei = (await days.ListEmployeesAsync(from)).Single(e => e.UserId == "zhangwei");
        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var working = schedule.ShiftOn(zhangwei, date) is not null;
            punches.Any(p => p.UserId == "zhangwei" && p.WorkDate == date).Should().Be(working, $"{date} is {(working ? "a working day" : "a day off")}");
        }
    }

    [Fact]
    public async Task Without_history_the_demo_is_the_company_alone()
    {
        await using var host = await TestHost.StartAsync(Data.DatabaseProvider.Sqlite, true, $"--{DemoHistory.EnabledKey}=false");
        var snapshot = await SnapshotAsync(host);
        snapshot.Should().BeEquivalentTo(new Snapshot([], 0, 0, 1));
        (await host.Services.GetRequiredService<Data.Repositories.EmployeeRepository>().GetAsync("lina")).Should().NotBeNull();
    }

    private static DemoHistory HistoryAt(TestHost host, TimeProvider clock) => ActivatorUtilities.CreateInstance<DemoHistory>(host.Services, clock);

    private static DemoSeeder SeederAt(TestHost host, TimeProvider clock) =>
        ActivatorUtilities.CreateInstance<DemoSeeder>(host.Services, HistoryAt(host, clock));

    private sealed record Snapshot(IReadOnlyList<PunchKey> Punches, int Reviews, int Corrections, int Sites);

    private sealed record PunchKey(long Id, string UserId, DateOnly WorkDate, string ClientPunchId, string Verdict);

    private static async Task<Snapshot> SnapshotAsync(TestHost host)
    {
        var punches = host.Services.GetRequiredService<PunchRepository>();
        var all = await punches.ListForWorkDatesAsync(new DateOnly(2000, 1, 1), new DateOnly(2099, 12, 31));
        var reviews = await punches.ListReviewedAsync(decided: false, null, null);
        var corrections = 0;
        foreach (var person in DemoSeeder.People)
        {
            corrections += (await host.Services.GetRequiredService<CorrectionRepository>().ListForUserAsync(person.UserId)).Count;
        }

        var sites = await host.Services.GetRequiredService<Data.Repositories.SiteRepository>().ListAsync();
        return new Snapshot([.. all.Select(p => new PunchKey(p.Id, p.UserId, p.WorkDate, p.ClientPunchId, p.Verdict.ToString())).OrderBy(p => p.Id)],
            reviews.Count, corrections, sites.Count);
    }

    [Fact]
    public void People_are_the_ones_the_console_shows_with_roles_in_Chinese()
    {
        DemoSeeder.People.Select(p => (p.UserId, p.Name, p.DepartmentName, string.Join("/", p.Roles))).Should().Equal(
            ("zhangwei", "张伟", "研发部", "员工/主管"),
            ("wangfang", "王芳", "研发部", "员工"),
            ("liuyang", "刘洋", "研发部", "员工"),
            ("chenjing", "陈静", "行政人事部", "员工/主管"),
            ("lina", "李娜", "行政人事部", "员工/HR"));
        DemoSeeder.People.Single(p => p.IsHr).SystemRoles.Should().Contain(Role.Hr);
    }
}
