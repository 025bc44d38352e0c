using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Attendance.BotHost;
using Attendance.BotHost.Digests;
using Attendance.BotHost.Jobs;
using Attendance.Data;
using Attendance.Data.Punches;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;
using Attendance.Data.Outbox;
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
            var queued = (await new OutboxRepository(factory, TimeProvider.System).ListAsync(null, 100_000, 0)).Count(r => r.DedupeKey.StartsWith("digest:", StringComparison.Ordinal)
                && r.DedupeKey.Contains(":2026-03-03:", StringComparison.Ordinal));
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
        var divisions = Math.Min(20, departmentCount - 1);
        var teams = Enumerable.Range(2 + divisions, departmentCount - 1 - divisions).ToList();
        var people = teams.SelectMany(t => Enumerable.Range(0, perTeam).Select(i => (Id: string.Create(CultureInfo.InvariantCulture, $"u{t}x{i}"), Team: t))).ToList();
        var company = new BenchCompany(factory);
        for (var id = 1; id <= departmentCount; id++)
        {
            await company.DepartmentAsync(id, id == 1 ? "总公司" : id < 2 + divisions ? $"事业部{id}" : $"小组{id}",
                id == 1 ? null : id < 2 + divisions ? 1 : 2 + (id % divisions), string.Create(CultureInfo.InvariantCulture, $"robot-key-{id:D4}"));
        }

        await company.ShiftForDepartmentAsync("day", new ShiftSpec("白班", [new ClockRangeSpec("09:00", "18:00")], null, null, 5, null, null, null, null, null, null, null), 1);
        await company.PeopleAsync([.. people.Select(p => BenchCompany.Person(p.Id, p.Team))]);
        await company.LeadersAsync(people.Where(p => p.Id.EndsWith("x0", StringComparison.Ordinal)).Select(p => ((long)p.Team, p.Id)));

        // Most arrive on time, some late, some never: digests with every kind of row.
        var punches = new List<StoredPunch>();
        for (var n = 0; n < people.Count; n++)
        {
            (PunchKind Kind, int Minute)[] day = (n % 10) switch
            {
                9 => [],
                8 => [(PunchKind.In, (9 * 60) + 25)],
                _ => [(PunchKind.In, (8 * 60) + 50), (PunchKind.Out, (18 * 60) + 5)],
            };
            foreach (var d in (DateOnly[])[date.AddDays(-1), date])
            {
                punches.AddRange(day.Select(p => BenchCompany.KioskPunch(people[n].Id, d, p.Minute, p.Kind)));
            }
        }

        await company.PunchesAsync(punches);
        return people.Count;
    }
}
