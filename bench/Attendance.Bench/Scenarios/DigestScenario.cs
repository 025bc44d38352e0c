using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Attendance.BotHost;
using Attendance.BotHost.Digests;
using Attendance.BotHost.Jobs;
using Attendance.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// <c>digest</c>: the daily digest job for 1,000 departments (a root, 20 divisions, 979 teams of 20 people, each
/// team with a leader and a group robot) on SQLite: the real <see cref="DigestJob"/> evaluates the date for
/// everyone, builds each department's digest (teams, divisions and the root each get their subtree) and puts the
/// messages in the outbox. Seeding is not timed. Options: <c>--departments=1000 --perTeam=20</c>.
/// </summary>
public static class DigestScenario
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchArgs(args);
        var departmentCount = options.Int("departments", 1_000);
        var perTeam = options.Int("perTeam", 20);
        var directory = Path.Combine(Path.GetTempPath(), "attendance-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        try
        {
            await using var app = HostProgram.Build(HostArgs(directory));
            await HostProgram.PrepareAsync(app, demo: false);
            var factory = app.Services.GetRequiredService<ConnectionFactory>();
            var date = new DateOnly(2026, 3, 3);
            var employees = await SeedAsync(factory, departmentCount, perTeam, date);
            Console.WriteLine($"seeded {departmentCount} departments, {employees} employees");

            // Warm-up on the day before (JIT, page cache); its messages are separate outbox rows.
            using (var warm = app.Services.CreateScope())
            {
                await warm.ServiceProvider.GetRequiredService<DigestJob>().RunAsync(new JobArguments(date.AddDays(-1)), default);
            }

            using var scope = app.Services.CreateScope();
            var job = scope.ServiceProvider.GetRequiredService<DigestJob>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var summary = await job.RunAsync(new JobArguments(date), default);
            clock.Stop();
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            await using var connection = await factory.OpenAsync();
            var queued = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE @key", new { key = "digest:%:2026-03-03:%" });
            Console.WriteLine($"{summary.Counts["departments"]} departments published, {queued} outbox rows, {clock.Elapsed.TotalSeconds:F2} s wall, {cpuSeconds:F2} s CPU");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                scenario = "digest",
                departments = summary.Counts["departments"],
                employees,
                outboxRows = queued,
                seconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                cpuSeconds = Math.Round(cpuSeconds, 3),
                loadAverage = Machine.LoadAverage(),
                targetSeconds = 5,
                pass = clock.Elapsed.TotalSeconds <= 5 && summary.Counts["departments"] == departmentCount,
            }));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] HostArgs(string directory) => BenchHost.Args(
        directory,
        "--Scheduling:Enabled=false",
        "--Outbox:Enabled=false"
    );

    /// <summary>Departments 1 (root), 2..21 (divisions), the rest teams under the divisions; people only in teams.</summary>
    private static async Task<int> SeedAsync(ConnectionFactory factory, int departmentCount, int perTeam, DateOnly date)
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var divisions = Math.Min(20, departmentCount - 1);
        var teams = Enumerable.Range(2 + divisions, departmentCount - 1 - divisions).ToList();
        var people = teams.SelectMany(t => Enumerable.Range(0, perTeam).Select(i => (Id: string.Create(CultureInfo.InvariantCulture, $"u{t}x{i}"), Team: t))).ToList();
        await factory.InTransactionAsync(async (c, t) =>
        {
            var departments = Enumerable.Range(1, departmentCount).Select(id => new
            {
                id,
                name = id == 1 ? "总公司" : id < 2 + divisions ? $"事业部{id}" : $"小组{id}",
                parent = id == 1 ? (long?)null : id < 2 + divisions ? 1 : 2 + (id % divisions),
                robot = $"robot-key-{id:D4}",
                now,
            });
            await c.ExecuteAsync("INSERT INTO departments (id, name, parent_id, digest_robot_key, created_at, updated_at) VALUES (@id, @name, @parent, @robot, @now, @now)",
                departments, t);
            await c.ExecuteAsync("INSERT INTO shifts (id, name, spec, created_at, updated_at) VALUES ('day', '白班', @spec, @now, @now)", new
            {
                now,
                spec = "{\"name\":\"白班\",\"segments\":[{\"start\":\"09:00\",\"end\":\"18:00\"}],\"lateGraceMinutes\":5}",
            }, t);
            await c.ExecuteAsync("INSERT INTO assignments (department_id, shift_id, from_date, created_at) VALUES (1, 'day', '2026-01-01', @now)", new { now }, t);
            await c.ExecuteAsync(
                "INSERT INTO employees (user_id, name, main_department_id, active, roles, created_at, updated_at) VALUES (@Id, @Id, @Team, 1, 'employee', @now, @now)",
                people.Select(p => new { p.Id, p.Team, now }), t);
            await c.ExecuteAsync("INSERT INTO employee_departments (user_id, department_id) VALUES (@Id, @Team)", people.Select(p => new { p.Id, p.Team }), t);
            var leaders = people.Where(p => p.Id.EndsWith("x0", StringComparison.Ordinal)).Select(p => new { department = p.Team, user = p.Id });
            await c.ExecuteAsync("INSERT INTO department_leaders (department_id, user_id) VALUES (@department, @user)", leaders, t);

            // Most arrive on time, some late, some never: digests with every kind of row.
            var zone = TimeSpan.FromHours(8);
            var punches = new List<object>();
            for (var n = 0; n < people.Count; n++)
            {
                (string Kind, int Minute)[] day = (n % 10) switch
                {
                    9 => [],
                    8 => [("in", (9 * 60) + 25)],
                    _ => [("in", (8 * 60) + 50), ("out", (18 * 60) + 5)],
                };
                foreach (var d in (DateOnly[])[date.AddDays(-1), date])
                {
                    foreach (var (kind, minute) in day)
                    {
                        var at = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), zone).AddMinutes(minute);
                        punches.Add(new { id = people[n].Id, client = $"import:kiosk:{at.ToUnixTimeMilliseconds()}", kind, at, date = d });
                    }
                }
            }

            await c.ExecuteAsync(
                "INSERT INTO punches (user_id, client_punch_id, source, kind, server_time, capture_time, work_date, verdict, risk_score, message, " +
                "is_field, is_location_exception, payload_hash) VALUES (@id, @client, 'kiosk', @kind, @at, @at, @date, 'accepted', 0, '打卡成功', 0, 0, 'h')",
                punches, t);
            return 0;
        });
        return people.Count;
    }
}
