using System.Diagnostics;
using System.Globalization;
using Attendance.Data;
using Attendance.Data.Migrations;
using Attendance.Data.Punches;
using Attendance.Data.TypeHandlers;
using Attendance.Rules.Punching;
using Microsoft.Data.Sqlite;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The least a stored punch can cost on this machine: the real schema (migrated, with its indexes and the change
/// counter), one prepared insert of the punch and one of its findings, committed in batches of the size the host
/// reached, on one connection and one thread, with nothing else around it. What the host spends beyond this per punch is
/// HTTP, checks and scoring; the bare endpoint spends none of it.
/// </summary>
public static class SqliteFloor
{
    private static readonly IReadOnlyList<string> Columns = PunchColumns.Insert;

    /// <summary>CPU microseconds per punch of <paramref name="count"/> punches by <paramref name="employees"/> people.</summary>
    public static async Task<double> MeasureAsync(string directory, int batch, int count, int employees)
    {
        var path = Path.Combine(directory, "floor.db");
        await using (var factory = new ConnectionFactory(DatabaseProvider.Sqlite, path))
        {
            await new MigrationRunner(factory).MigrateAsync();
        }

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false;Foreign Keys=true");
        await connection.OpenAsync();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
        }

        using var insert = Prepare(connection,
            $"INSERT INTO punches ({string.Join(", ", Columns)}) VALUES ({string.Join(", ", Columns.Select(c => "@" + c))}) " +
            "ON CONFLICT (user_id, client_punch_id) DO NOTHING RETURNING id", Columns);
        using var findings = Prepare(connection,
            "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES (@p, 0, @c0, 'info', @m0), (@p, 1, @c1, 'info', @m1)",
            ["p", "c0", "m0", "c1", "m1"]);
        var random = new Random(42);
        Insert(connection, insert, findings, random, batch, Math.Min(count, 2_000), employees, "warm");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        Insert(connection, insert, findings, random, batch, count, employees, "run");
        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / count;
    }

    private static void Insert(SqliteConnection connection, SqliteCommand insert, SqliteCommand findings, Random random, int batch, int count,
        int employees, string prefix)
    {
        for (var done = 0; done < count;)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = findings.Transaction = transaction;
            for (var i = 0; i < batch && done < count; i++, done++)
            {
                var now = DateTimeOffset.UtcNow;
                var employee = random.Next(employees);
                var punch = new StoredPunch(0, string.Create(CultureInfo.InvariantCulture, $"e{employee:00000}"), $"{prefix}-{done}", PunchSources.App,
                    PunchKind.In, now, now, now, DateOnly.FromDateTime(now.UtcDateTime), PunchVerdict.Accepted, null, 0, "上班打卡成功 08:52",
                    31.2 + random.NextDouble(), 121.4 + random.NextDouble(), 18.0, "gcj02",
                    string.Create(CultureInfo.InvariantCulture, $"{random.Next(1_000_000)}:{random.Next(1_000_000)}"), null, null,
                    string.Create(CultureInfo.InvariantCulture, $"d-{employee}"), "site-0001", 45, false, false, null, null, null, "hash", []);
                // The same columns and values, and the same conversion to SQLite's storage, as the host's writer.
                var values = PunchColumns.Values(punch);
                for (var k = 0; k < values.Length; k++)
                {
                    insert.Parameters[k].Value = DapperTypeHandlers.SqliteValue(values[k]);
                }

                findings.Parameters[0].Value = (long)insert.ExecuteScalar()!;
                findings.Parameters[1].Value = "LOCATION_IN_FENCE";
                findings.Parameters[2].Value = "在打卡范围内（距离 45 米）";
                findings.Parameters[3].Value = "DEVICE_KNOWN";
                findings.Parameters[4].Value = "常用设备";
                findings.ExecuteNonQuery();
            }

            transaction.Commit();
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, IEnumerable<string> names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
        }

        command.Prepare();
        return command;
    }
}
