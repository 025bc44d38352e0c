using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Days;
using Attendance.Data;
using Attendance.Data.Migrations;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;
using Microsoft.Extensions.Options;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// <c>days</c>: 5,000 employees × 20 workdays = 100,000 employee-days evaluated and stored on SQLite by the real
/// <see cref="DayService"/> (reading employees, roster, calendar, punches, 补卡 and leave in bulk, one transaction
/// of upserts). Setup (schema, employees, 200,000 punches) is not timed. Optional args: employees, days.
/// </summary>
public static class DaysScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var employees = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
        var dayCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var directory = Path.Combine(Path.GetTempPath(), "attendance-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var factory = new ConnectionFactory(DatabaseProvider.Sqlite, Path.Combine(directory, "bench.db"));
            await new MigrationRunner(factory).MigrateAsync();
            var dates = Workdays(new DateOnly(2026, 3, 2), dayCount);
            await SeedAsync(factory, employees, dates);

            var time = TimeProvider.System;
            var service = new DayService(new DayInputRepository(factory), new ShiftRepository(factory, time), new AssignmentRepository(factory, time),
                new CalendarRepository(factory, time), new LeaveRepository(factory, time), new CorrectionRepository(factory, time),
                new DepartmentRepository(factory, time), new DayResultRepository(factory), new CompanyClock(time, Options.Create(new AttendanceOptions())), time);

            // Warm-up on another date range so JIT and the SQLite page cache do not count against the run.
            await service.EvaluateRangeAsync(new DateOnly(2026, 2, 2), new DateOnly(2026, 2, 3), null);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var total = 0;
            foreach (var (from, to) in Weeks(dates))
            {
                total += (await service.EvaluateRangeAsync(from, to, null)).Days.Count;
            }

            clock.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            var stored = (await new DayResultRepository(factory).ListForDatesAsync(dates[0], dates[^1])).Count;
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"evaluated {total:N0} employee-days ({employees:N0} employees x {dates.Count} workdays), stored {stored:N0}");
            Console.WriteLine($"{seconds:F2} s wall, {cpuSeconds:F2} s CPU, {total / seconds:N0} days/s (target: 100,000 in <= 3 s)");
            Console.WriteLine($"machine load average at the end: {Machine.LoadAverage()} on {Environment.ProcessorCount} cores");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                scenario = "days",
                employeeDays = total,
                employees,
                days = dates.Count,
                seconds = Math.Round(seconds, 3),
                cpuSeconds = Math.Round(cpuSeconds, 3),
                loadAverage = Machine.LoadAverage(),
                daysPerSecond = Math.Round(total / seconds),
                targetSeconds = 3,
                pass = seconds <= 3 && stored >= total,
            }));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static List<DateOnly> Workdays(DateOnly start, int count)
    {
        var list = new List<DateOnly>(count);
        for (var d = start; list.Count < count; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                list.Add(d);
            }
        }

        return list;
    }

    /// <summary>Consecutive runs of workdays (a week at a time), as a nightly job or a monthly report would ask.</summary>
    private static IEnumerable<(DateOnly From, DateOnly To)> Weeks(List<DateOnly> dates)
    {
        var start = 0;
        for (var i = 1; i <= dates.Count; i++)
        {
            if (i == dates.Count || dates[i].DayNumber != dates[i - 1].DayNumber + 1)
            {
                yield return (dates[start], dates[i - 1]);
                start = i;
            }
        }
    }

    private static async Task SeedAsync(ConnectionFactory factory, int employees, List<DateOnly> dates)
    {
        var company = new BenchCompany(factory);
        await company.DepartmentAsync(1, "总部", null);
        await company.ShiftForDepartmentAsync("day", new ShiftSpec("白班", [new ClockRangeSpec("09:00", "12:00"), new ClockRangeSpec("13:00", "18:00")],
            null, null, 5, null, null, null, 30, null, null, new OvertimeSpec(30, 30, 240)), 1);
        var ids = Enumerable.Range(0, employees).Select(i => "e" + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
        await company.PeopleAsync([.. ids.Select(id => BenchCompany.Person(id, 1))]);
        await company.PunchesAsync([.. from id in ids
            from date in dates
            from p in new[] { (Minute: (8 * 60) + 50 + (id.GetHashCode(StringComparison.Ordinal) & 15), Kind: PunchKind.In), (Minute: (18 * 60) + 5, Kind: PunchKind.Out) }
            select BenchCompany.KioskPunch(id, date, p.Minute, p.Kind)]);
    }
}
