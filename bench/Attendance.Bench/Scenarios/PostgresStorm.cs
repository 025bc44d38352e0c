using System.Diagnostics;
using System.Globalization;
using Attendance.BotHost;
using Microsoft.AspNetCore.Builder;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The storm on PostgreSQL: <c>--hosts</c> copies of the real host (each its own WebApplication and DI container, as
/// several processes behind a load balancer would be) on one fresh database, the load generator sending request n to
/// host n mod hosts. Three contenders take turns in each round: the bare endpoint, the hosts, and the PostgreSQL floor
/// (<see cref="PostgresFloor"/>). Then the hosts at a fixed offered rate for the latency target.
/// </summary>
internal static class PostgresStorm
{
    public static async Task<int> RunAsync(BenchArgs arguments, StormOptions o)
    {
        if (BenchPostgres.Server(arguments) is not { } server)
        {
            Console.Error.WriteLine(BenchPostgres.NoServer);
            return 2;
        }

        var hostCount = Math.Max(1, arguments.Int("hosts", 1));
        // The database connections of all hosts together, shared out as each host's pool (Maximum Pool Size), whatever
        // the connection string says: the database's cores decide how many statements are worth running at once, and
        // this server has two, shared with the hosts. With 50 per host (.ci/start-postgres.sh's string, sized for the
        // test suite) the open loop at 1,000/s had p99 2.4-5.6 s; with 5-10, 0.1-0.6 s (docs/benchmarks.md).
        var connections = Math.Max(hostCount, arguments.Int("connections", 10));
        var pool = (connections + hostCount - 1) / hostCount;
        var (employees, siteCount, seconds, workers, offered, rounds) = o;
        var name = "attendance_bench_" + Guid.NewGuid().ToString("N")[..8];
        var directory = Path.Combine(Path.GetTempPath(), name);
        await using var database = await BenchPostgres.CreateAsync(server, name);
        await using var floorDatabase = await BenchPostgres.CreateAsync(server, name + "_floor");
        var hosts = new List<WebApplication>();
        try
        {
            await using var bare = await BareEndpoint.StartAsync(workers, employees);
            var secrets = BenchHost.Secrets();
            for (var h = 0; h < hostCount; h++)
            {
                var host = HostProgram.Build(StormScenario.HostArgs(BenchHost.Postgres(WithPool(database.ConnectionString, pool)), Path.Combine(directory, $"host{h}"),
                    secrets, $"--Outbox:HostName=bench-host-{h}"));
                hosts.Add(host);
                await HostProgram.PrepareAsync(host, demo: false);
                await host.StartAsync();
            }

            var sw = Stopwatch.StartNew();
            var sites = await StormScenario.SeedAsync(hosts[0].Services, employees, siteCount);
            Console.WriteLine($"seeded {employees} employees, {siteCount} sites in {sw.Elapsed.TotalSeconds:0.0} s on PostgreSQL, {hostCount} host(s)");
            var serverCpu = await PostgresServerCpu.FindAsync(database.ConnectionString);
            if (Environment.GetEnvironmentVariable("BENCH_PHASES") == "1")
            {
                await PhaseProbe.RunAsync(hosts[0].Services, employees, serverCpu);
            }

            var session = StormScenario.Sessions(hosts[0].Services, employees);
            var bodies = new StormScenario.PunchBodies(sites, employees);
            using var load = new LoadGenerator([.. hosts.Select(h => new Uri(h.Urls.First()))], Math.Max(workers, 512));
            // The floor with as many connections as the hosts' pools hold: as many statements in flight as theirs.
            await using var floor = await PostgresFloor.StartAsync(floorDatabase.ConnectionString, hostCount * pool, employees);
            Console.WriteLine($"connections: {pool} per host, {hostCount * pool} in all; the floor's {hostCount * pool}");
            using var statements = new NpgsqlWatcher();
            Contender punches = (duration, offset) => statements.WatchAsync(() => WithServerCpu(serverCpu,
                () => load.ClosedLoopAsync(workers, duration, n => bodies.Next(n + offset, session))));
            Contender stores = (duration, offset) => WithServerCpu(serverCpu, () => floor.RunAsync(duration, offset));
            await Alternation.WarmUpAsync(o, bare.RunAsync, punches, stores);
            var idle = await WithServerCpu(serverCpu, () => IdleAsync(TimeSpan.FromSeconds(3)));
            Console.WriteLine($"idle:     {idle.CpuSeconds * 1e3 / idle.Seconds:0} ms/s CPU here, {idle.ServerCpuSeconds * 1e3 / idle.Seconds:0} ms/s PostgreSQL (background work of the host(s), no requests)");

            Console.WriteLine($"measuring: {rounds} rounds of {o.Slice.TotalSeconds:0.#} s each on the bare endpoint, the host(s), the floor");
            using var rss = new PeakRss();
            var (operations, waited) = (statements.Operations, statements.Seconds);
            var results = await Alternation.RoundsAsync(o, bare.RunAsync, punches, stores);
            var (baseline, storm, bareInsert) = (results[0], results[1], results[2]);
            var perPunch = (statements.Operations - operations) / (double)(storm.Completed + storm.Failed);
            var waitedPerPunch = (statements.Seconds - waited) * 1e3 / (storm.Completed + storm.Failed);
            (operations, waited) = (statements.Operations, statements.Seconds);
            var steady = await statements.WatchAsync(() => WithServerCpu(serverCpu,
                () => load.OpenLoopAsync(offered, TimeSpan.FromSeconds(seconds), n => bodies.Next(n + 10_000_000, session))));
            var steadyPerPunch = (statements.Operations - operations) / (double)Math.Max(1, steady.Completed + steady.Failed);
            var peak = rss.Stop();

            // The rate storing allows an endpoint: the bare request and the bare insert, one after the other on the same
            // machine, each taking the share of it that its own rate shows (1/rate seconds of the whole machine apiece).
            var bound = 1 / ((1 / baseline.PerSecond) + (1 / bareInsert.PerSecond));
            Console.WriteLine($"baseline: {baseline.PerSecond:0} req/s, p50 {baseline.Percentile(0.5):0.00} ms, p99 {baseline.Percentile(0.99):0.00} ms");
            Console.WriteLine($"floor:    {bareInsert.PerSecond:0} punches/s, p50 {bareInsert.Percentile(0.5):0.00} ms, p99 {bareInsert.Percentile(0.99):0.00} ms, CPU {bareInsert.CpuMicrosecondsPerRequest:0} µs here + {bareInsert.ServerCpuMicrosecondsPerRequest:0} µs PostgreSQL per punch");
            Console.WriteLine($"storm:    {storm.PerSecond:0} punches/s, p50 {storm.Percentile(0.5):0.00} ms, p99 {storm.Percentile(0.99):0.00} ms, failed {storm.Failed}, CPU {storm.CpuMicrosecondsPerRequest:0} µs here + {storm.ServerCpuMicrosecondsPerRequest:0} µs PostgreSQL per punch");
            Console.WriteLine($"storm:    {perPunch:0.00} statements per punch, {waitedPerPunch:0.00} ms waiting for them per punch; floor-bound rate {bound:0} punches/s");
            Console.WriteLine($"at {offered}/s offered: {steady.PerSecond:0} completed/s, p50 {steady.Percentile(0.5):0.00} ms, p99 {steady.Percentile(0.99):0.00} ms, failed {steady.Failed}, CPU {steady.CpuMicrosecondsPerRequest:0} µs here + {steady.ServerCpuMicrosecondsPerRequest:0} µs PostgreSQL per punch, {steadyPerPunch:0.00} statements per punch");
            Console.WriteLine($"machine: {Machine.Describe()}; PostgreSQL {(serverCpu is null ? "elsewhere (its CPU not visible here)" : serverCpu.Version + " on this machine")}");

            var line = string.Create(CultureInfo.InvariantCulture,
                $$"""{"scenario":"storm","provider":"postgres","hosts":{{hostCount}},"boundRatio":{{storm.PerSecond / bound:0.000}},"floorRatio":{{storm.PerSecond / bareInsert.PerSecond:0.000}},"ratio":{{storm.PerSecond / baseline.PerSecond:0.000}},"punchesPerSecond":{{storm.PerSecond:0}},"floorPerSecond":{{bareInsert.PerSecond:0}},"boundPerSecond":{{bound:0}},"baselinePerSecond":{{baseline.PerSecond:0}},"p50Ms":{{steady.Percentile(0.5):0.00}},"p99Ms":{{steady.Percentile(0.99):0.00}},"offeredPerSecond":{{offered}},"stormP50Ms":{{storm.Percentile(0.5):0.00}},"stormP99Ms":{{storm.Percentile(0.99):0.00}},"floorP99Ms":{{bareInsert.Percentile(0.99):0.00}},"cpuUsPerPunch":{{storm.CpuMicrosecondsPerRequest:0}},"serverCpuUsPerPunch":{{storm.ServerCpuMicrosecondsPerRequest:0}},"cpuUsPerBaseline":{{baseline.CpuMicrosecondsPerRequest:0}},"floorCpuUsPerPunch":{{bareInsert.CpuMicrosecondsPerRequest:0}},"floorServerCpuUsPerPunch":{{bareInsert.ServerCpuMicrosecondsPerRequest:0}},"statementsPerPunch":{{perPunch:0.00}},"statementMsPerPunch":{{waitedPerPunch:0.00}},"steadyCpuUsPerPunch":{{steady.CpuMicrosecondsPerRequest:0}},"steadyServerCpuUsPerPunch":{{steady.ServerCpuMicrosecondsPerRequest:0}},"steadyStatementsPerPunch":{{steadyPerPunch:0.00}},"loadAverage":{{Machine.LoadAverage():0.0}},"failed":{{storm.Failed + steady.Failed}},"rssMb":{{peak / 1048576.0:0}},"employees":{{employees}},"sites":{{siteCount}},"concurrency":{{workers}},"connections":{{hostCount * pool}},"rounds":{{rounds}}}""");
            Console.WriteLine(line);
            return storm.Failed + steady.Failed == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static string WithPool(string connectionString, int pool) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = pool }.ConnectionString;

    /// <summary>Nothing sent for a while: what the hosts' background work (outbox poll, scheduler, caches) costs alone.</summary>
    private static async Task<LoadResult> IdleAsync(TimeSpan duration)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(duration);
        return new LoadResult(0, 0, duration.TotalSeconds, [], (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>The result with the PostgreSQL server's CPU over the same time, when the server's processes are visible.</summary>
    private static async Task<LoadResult> WithServerCpu(PostgresServerCpu? server, Func<Task<LoadResult>> measured)
    {
        var before = server?.Seconds() ?? 0;
        var result = await measured();
        return server is null ? result : result with { ServerCpuSeconds = server.Seconds() - before };
    }
}
