using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Days;
using Attendance.Data;
using Attendance.Data.Migrations;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Dapper;
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
            await using var connection = await factory.OpenAsync();
            var stored = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM day_results WHERE work_date >= @from",
                new { from = dates[0] });
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
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await factory.InTransactionAsync(async (c, t) =>
        {
            await c.ExecuteAsync("INSERT INTO departments (id, name, created_at, updated_at) VALUES (1, '总部', @now, @now)", new { now }, t);
            await c.ExecuteAsync("INSERT INTO shifts (id, name, spec, created_at, updated_at) VALUES ('day', '白班', @spec, @now, @now)", new
            {
                now,
                spec = "{\"name\":\"白班\",\"segments\":[{\"start\":\"09:00\",\"end\":\"12:00\"},{\"start\":\"13:00\",\"end\":\"18:00\"}],\"lateGraceMinutes\":5,\"flexibleMinutes\":30,\"overtime\":{\"startsAfterMinutes\":30,\"minimumMinutes\":30,\"maximumMinutes\":240}}",
            }, t);
            await c.ExecuteAsync("INSERT INTO assignments (department_id, shift_id, from_date, created_at) VALUES (1, 'day', '2026-01-01', @now)", new { now }, t);
            var ids = Enumerable.Range(0, employees).Select(i => "e" + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
            await c.ExecuteAsync(
                "INSERT INTO employees (user_id, name, main_department_id, active, roles, created_at, updated_at) VALUES (@id, @id, 1, 1, 'employee', @now, @now)",
                ids.Select(id => new { id, now }), t);
            await c.ExecuteAsync("INSERT INTO employee_departments (user_id, department_id) VALUES (@id, 1)", ids.Select(id => new { id }), t);
            var zone = TimeSpan.FromHours(8);
            var punches = from id in ids
                from date in dates
                from p in new[] { (Minute: 8 * 60 + 50 + (id.GetHashCode(StringComparison.Ordinal) & 15), Kind: "in"), (Minute: 18 * 60 + 5, Kind: "out") }
                let at = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), zone).AddMinutes(p.Minute)
                select new
                {
                    id, client = $"import:kiosk:{at.ToUnixTimeMilliseconds()}", kind = p.Kind, at, date,
                };
            await c.ExecuteAsync(
                "INSERT INTO punches (user_id, client_punch_id, source, kind, server_time, capture_time, work_date, verdict, risk_score, message, " +
                "is_field, is_location_exception, payload_hash) VALUES (@id, @client, 'kiosk', @kind, @at, @at, @date, 'accepted', 0, '打卡成功', 0, 0, 'h')",
                punches, t);
            return 0;
        });
    }
}
