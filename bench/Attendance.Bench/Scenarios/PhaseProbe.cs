using System.Diagnostics;
using System.Globalization;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Sessions;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Punching;
using Microsoft.Extensions.DependencyInjection;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// With BENCH_PHASES=1: the cost of each step of a punch, called directly and serially, to see what dominates. On
/// PostgreSQL also the statements each step sends and the server's CPU for them.
/// </summary>
internal static class PhaseProbe
{
    public static async Task RunAsync(IServiceProvider services, int employees, PostgresServerCpu? server = null)
    {
        using var statements = new NpgsqlWatcher();
        async Task Time(string name, int n, Func<int, Task> step) => await TimeAsync(name, n, step, statements, server);

        var eligibility = services.GetRequiredService<SessionEligibility>();
        var history = services.GetRequiredService<PunchHistoryRepository>();
        var cache = services.GetRequiredService<SiteIndexCache>();
        var service = services.GetRequiredService<PunchService>();
        var employeeRepository = services.GetRequiredService<EmployeeRepository>();
        const int n = 500;
        await Time("eligibility", n, i => eligibility.CheckAsync(Id(i, employees), default));
        await Time("eligibility-cached", n, i => eligibility.CheckForPunchAsync(Id(i % 50, employees), default));
        await Time("sites", n, i => cache.GetAsync(default).AsTask());
        await Time("history", n, i => history.LoadAsync(Id(i, employees), new DateOnly(2026, 3, 2), DateTimeOffset.UtcNow, "d-1", new FixKey(31_000_000 + i, 121_000_000), default));
        var employee = (await employeeRepository.GetAsync(Id(0, employees)))!;
        var punches = services.GetRequiredService<PunchRepository>();
        var factory = services.GetRequiredService<Attendance.Data.ConnectionFactory>();
        await Time("open", n, async i => { await using var c = await factory.OpenAsync(); });
        await Time("insert", n, i => punches.InsertAsync(new StoredPunch(0, "e00001", string.Create(CultureInfo.InvariantCulture, $"ins-{i}"), "app", PunchKind.In,
            DateTimeOffset.UtcNow, null, DateTimeOffset.UtcNow, new DateOnly(2026, 3, 2), PunchVerdict.Accepted, null, 0, "ok", 31, 121, 10, "gcj02", "k", null, null,
            "d", "s", 5, false, false, null, null, null, "h", [new PunchFinding("A", FindingSeverity.Info, "m"), new PunchFinding("B", FindingSeverity.Info, "m")])));
        var index = await cache.GetAsync(default);
        await Time("score", n, i =>
        {
            PunchScorer.Score(new PunchAttempt(employee.UserId, DateTimeOffset.UtcNow, null, PunchKind.In,
                new PunchLocation(30.9004 + (i * 1e-6), 121.1, 18, Attendance.Rules.Geo.CoordinateSystem.Gcj02), null, "d-0", false, null, null),
                PunchContext.For(index, employee.DepartmentIds, new DateOnly(2026, 3, 2)));
            return Task.CompletedTask;
        });
        var staff = new List<Attendance.Rules.Directory.Employee>();
        for (var i = 0; i < n; i++)
        {
            staff.Add((await employeeRepository.GetAsync(Id(i + 100, employees)))!);
        }

        await Time("submit", n, i => service.SubmitAsync(staff[i], PunchValidator.Validate(new PunchRequest(
            string.Create(CultureInfo.InvariantCulture, $"probe-{i}"), null, "in",
            new PunchRequestLocation(30.9004 + (i * 1e-6), 121.1, 18, "gcj02"), null, "d-" + i, null), null), null, false, default));
    }

    private static string Id(int i, int employees) => string.Create(CultureInfo.InvariantCulture, $"e{i % employees:00000}");

    private static async Task TimeAsync(string name, int n, Func<int, Task> step, NpgsqlWatcher statements, PostgresServerCpu? server)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = server?.Seconds() ?? 0;
        var sent = statements.Operations;
        var sw = Stopwatch.StartNew();
        await statements.WatchAsync(async () =>
        {
            for (var i = 0; i < n; i++)
            {
                await step(i);
            }

            return 0;
        });
        var wall = sw.Elapsed.TotalMilliseconds * 1000 / n;
        var cpuUs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000 / n;
        var database = server is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $", {(server.Seconds() - serverCpu) * 1e6 / n:0} µs PostgreSQL CPU, {(statements.Operations - sent) / (double)n:0.00} statements");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phase {name}: {wall:0} µs wall, {cpuUs:0} µs CPU{database}"));
    }
}
