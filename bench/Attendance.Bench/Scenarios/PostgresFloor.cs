using System.Globalization;
using Attendance.BotHost.Punching;
using Attendance.Data;
using Attendance.Data.Dialects;
using Attendance.Data.Migrations;
using Attendance.Data.Punches;
using Attendance.Rules.Punching;
using Npgsql;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The PostgreSQL storing floor: the least a stored punch costs on this server from this process, measured in the same
/// run and in the same alternating rounds as the hosts, so the machine's drifting load falls on both.
/// <para>What it does per punch: one transaction on a connection kept open, with the punch insert the host's writer
/// runs (the same statement text, from the dialect: the columns of <see cref="PunchColumns"/>, ON CONFLICT DO NOTHING
/// RETURNING id, values from <see cref="PunchColumns.Values"/> bound as the writer's type handlers bind them) and one
/// two-row insert of its findings, both prepared: BEGIN rides with the insert, so three round trips (insert, findings,
/// COMMIT). As many workers as the storm has clients (<c>--concurrency</c>), each on its own connection: as many
/// transactions in flight as the hosts can have, and PostgreSQL has no group commit to exploit beyond that.</para>
/// <para>It includes the real schema (its own database on the same server, migrated with the real migrations, so all
/// the indexes and the foreign key of the findings), Npgsql, loopback TCP both ways, and the server's execution, WAL
/// and commit. It excludes everything else a punch does: HTTP, the session and rate limits, validation, the history
/// read (one more round trip on PostgreSQL), scoring, the answer, taking a connection from the pool for each punch, and
/// the parse of each statement (the host's statements go through Dapper unprepared).</para>
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

    private sealed class Worker(NpgsqlConnection connection, NpgsqlCommand insert, NpgsqlCommand findings, int employees) : IAsyncDisposable
    {
        private static readonly IReadOnlyList<string> Columns = PunchColumns.Insert;
        private static readonly PostgresDialect Dialect = PostgresDialect.Instance;

        public static async Task<Worker> OpenAsync(string connectionString, int employees)
        {
            var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            var insert = new NpgsqlCommand(Dialect.InsertIgnoreDuplicateReturningId("punches", Columns, ["user_id", "client_punch_id"]), connection);
            var findings = new NpgsqlCommand(
                "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES (@p, 0, @c0, @s0, @m0), (@p, 1, @c1, @s1, @m1)", connection);
            // Bind a first punch, so the statements are prepared with the parameter types every later punch has.
            var first = Punch(0, employees);
            foreach (var (column, value) in Columns.Zip(PunchColumns.Values(first)))
            {
                insert.Parameters.AddWithValue(column, Bind(value));
            }

            findings.Parameters.AddWithValue("p", 0L);
            foreach (var name in (string[])["c0", "s0", "m0", "c1", "s1", "m1"])
            {
                findings.Parameters.AddWithValue(name, "");
            }

            await insert.PrepareAsync();
            await findings.PrepareAsync();
            return new Worker(connection, insert, findings, employees);
        }

        public async Task<bool> InsertAsync(long n)
        {
            var punch = Punch(n, employees);
            var values = PunchColumns.Values(punch);
            for (var k = 0; k < values.Length; k++)
            {
                insert.Parameters[k].Value = Bind(values[k]);
            }

            await using var transaction = await connection.BeginTransactionAsync();
            insert.Transaction = findings.Transaction = transaction;
            findings.Parameters[0].Value = (long)(await insert.ExecuteScalarAsync())!;
            var f = punch.Findings;
            for (var i = 0; i < 2; i++)
            {
                findings.Parameters[1 + (3 * i)].Value = f[i].Code;
                findings.Parameters[2 + (3 * i)].Value = f[i].Severity.ToWire();
                findings.Parameters[3 + (3 * i)].Value = f[i].Message;
            }

            await findings.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await insert.DisposeAsync();
            await findings.DisposeAsync();
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
