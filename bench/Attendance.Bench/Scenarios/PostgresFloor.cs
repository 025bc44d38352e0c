using System.Globalization;
using Attendance.BotHost.Punching;
using Attendance.Data;
using Attendance.Data.Dialects;
using Attendance.Data.Migrations;
using Attendance.Data.Postgres;
using Attendance.Data.Punches;
using Attendance.Rules.Punching;
using Npgsql;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The PostgreSQL storing floor: the least a stored punch costs on this server from this process, measured in the same
/// run and in the same alternating rounds as the hosts, so the machine's drifting load falls on both.
/// <para>What it does per punch: the statement the host's writer runs (<see cref="PostgresPunchInsert"/>: the punch, with
/// the columns of <see cref="PunchColumns"/>, and its two findings, in one statement that is its own transaction), here
/// prepared once per connection and only rebound, the values from <see cref="PostgresPunchInsert.Values"/> bound as the
/// writer's type handlers bind them: one round trip. As many workers as the hosts' pools hold connections
/// (<c>--connections</c>), each on a connection of its own, back to back: as many statements in flight as the hosts can
/// have. PostgreSQL has no group commit for a client to exploit beyond that (the server as .ci/start-postgres.sh starts
/// it has synchronous_commit off, so a commit waits for no disk either way).</para>
/// <para>It includes the real schema (a database of its own on the same server, migrated with the real migrations: all
/// the indexes, the unique key, the findings' foreign key), Npgsql, loopback TCP both ways, and the server's execution,
/// WAL and commit. It excludes everything else a punch does: HTTP, the session and rate limits, validation, the
/// employee, consent and session reads on a first punch, the history read, scoring, the answer, and taking a connection
/// from the pool.</para>
/// </summary>
internal sealed class PostgresFloor : IAsyncDisposable
{
    private readonly Worker[] _workers;

    private PostgresFloor(Worker[] workers) => _workers = workers;

    /// <summary>Migrates the floor's database and opens one prepared connection per worker.</summary>
    public static async Task<PostgresFloor> StartAsync(string connectionString, int workers, int employees)
    {
        await using (var factory = new ConnectionFactory(DatabaseProvider.Postgres, connectionString))
        {
            await new MigrationRunner(factory).MigrateAsync();
        }

        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var opened = new Worker[workers];
        for (var w = 0; w < workers; w++)
        {
            opened[w] = await Worker.OpenAsync(unpooled, employees);
        }

        return new PostgresFloor(opened);
    }

    public Task<LoadResult> RunAsync(TimeSpan duration, long offset) =>
        ClosedLoop.RunAsync(_workers.Length, duration, (w, n) => _workers[w].InsertAsync(n + offset));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }
    }

    private sealed class Worker(NpgsqlConnection connection, NpgsqlCommand insert, int employees) : IAsyncDisposable
    {
        private static readonly PostgresDialect Dialect = PostgresDialect.Instance;

        public static async Task<Worker> OpenAsync(string connectionString, int employees)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            // Bound with a first punch, so the statement is prepared with the parameter types every later punch has.
            var first = Punch(0, employees);
            var insert = new NpgsqlCommand(PostgresPunchInsert.Sql(first.Findings.Count), connection);
            foreach (var (name, value) in PostgresPunchInsert.ParameterNames(first.Findings.Count).Zip(PostgresPunchInsert.Values(first)))
            {
                insert.Parameters.AddWithValue(name, Bind(value));
            }

            await insert.PrepareAsync();
            return new Worker(connection, insert, employees);
        }

        public async Task<bool> InsertAsync(long n)
        {
            var values = PostgresPunchInsert.Values(Punch(n, employees));
            for (var k = 0; k < values.Length; k++)
            {
                insert.Parameters[k].Value = Bind(values[k]);
            }

            return await insert.ExecuteScalarAsync() is long;
        }

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync();
            await connection.DisposeAsync();
        }

        /// <summary>As the host's writer binds a value (DapperTypeHandlers: dates as dates, instants in UTC).</summary>
        private static object Bind(object? value) => value switch
        {
            null => DBNull.Value,
            DateOnly date => Dialect.DateValue(date),
            DateTimeOffset instant => Dialect.InstantValue(instant),
            _ => value,
        };

        /// <summary>Punch n as the storm's host stores one: employee n mod N near their site, accepted, two findings.</summary>
        private static StoredPunch Punch(long n, int employees)
        {
            var now = PunchService.WholeMilliseconds(TimeProvider.System.GetUtcNow());
            var employee = (int)(n % employees);
            var latitude = 30.9 + (employee % 1_000 / 40 * 0.01) + 0.0004 + (n % 997 * 1e-6);
            var longitude = 121.1 + (employee % 1_000 % 40 * 0.01) + (n % 997 * 1e-6);
            return new StoredPunch(0, string.Create(CultureInfo.InvariantCulture, $"e{employee:00000}"), string.Create(CultureInfo.InvariantCulture, $"f-{n}"),
                PunchSources.App, PunchKind.In, now, now.AddSeconds(-1), now, DateOnly.FromDateTime(now.UtcDateTime), PunchVerdict.Accepted, null, 0,
                "上班打卡成功 08:52", latitude, longitude, 18.0, "gcj02",
                string.Create(CultureInfo.InvariantCulture, $"{(long)Math.Round(latitude * 1e6)}:{(long)Math.Round(longitude * 1e6)}"), null, null,
                string.Create(CultureInfo.InvariantCulture, $"d-{employee}"), string.Create(CultureInfo.InvariantCulture, $"site-{employee % 1_000:0000}"), 45,
                false, false, null, null, null, PayloadHash,
                [
                    new PunchFinding("LOCATION_IN_FENCE", FindingSeverity.Info, "在打卡范围内（距离 45 米）"),
                    new PunchFinding("DEVICE_KNOWN", FindingSeverity.Info, "常用设备"),
                ]);
        }

        private const string PayloadHash = "5f2b0e6c3a8d4e1f9b7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f";
    }
}
