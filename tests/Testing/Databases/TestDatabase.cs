using Attendance.Data;
using Attendance.Data.Migrations;
using Microsoft.Data.SqlClient;
using Npgsql;
using Xunit;

namespace Attendance.Testing.Databases;

/// <summary>
/// A real, empty, migrated database of one provider for one test class: a temporary SQLite file always; a fresh
/// database on the PostgreSQL server named by ATTENDANCE_TEST_POSTGRES; on SQL Server with ATTENDANCE_TEST_SQLSERVER.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ATTENDANCE_TEST_POSTGRES";
    public const string SqlServerVariable = "ATTENDANCE_TEST_SQLSERVER";

    private readonly string? _sqliteDirectory;
    private readonly string? _adminConnectionString;
    private readonly string _databaseName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string databaseName, string? sqliteDirectory, string? adminConnectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _databaseName = databaseName;
        _sqliteDirectory = sqliteDirectory;
        _adminConnectionString = adminConnectionString;
        Factory = new ConnectionFactory(provider, connectionString);
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public ConnectionFactory Factory { get; }

    public string ProviderName => MigrationRunner.FolderOf(Provider);

    /// <summary>Null when the provider can be tested here, else why not.</summary>
    public static string? UnavailableReason(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => null,
        DatabaseProvider.Postgres => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresVariable))
            ? $"{PostgresVariable} is not set (.ci/run starts a PostgreSQL server and sets it)" : null,
        _ => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerVariable))
            ? $"{SqlServerVariable} is not set (no SQL Server on this machine)" : null,
    };

    /// <summary>
    /// Skips the running test when the provider is absent, except PostgreSQL under CI=true, which must be there:
    /// a CI run that silently skipped the PostgreSQL tests would prove nothing about it.
    /// </summary>
    public static void RequireOrSkip(DatabaseProvider provider)
    {
        var reason = UnavailableReason(provider);
        if (reason is null)
        {
            return;
        }

        if (provider == DatabaseProvider.Postgres && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true but {reason}: the PostgreSQL tests must run under CI.");
        }

        Assert.Skip(reason);
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        RequireOrSkip(provider);
        var name = "att_test_" + Guid.NewGuid().ToString("N")[..12];
        TestDatabase db;
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                var dir = Path.Combine(Path.GetTempPath(), "attendance-tests", name);
                Directory.CreateDirectory(dir);
                db = new TestDatabase(provider, $"Data Source={Path.Combine(dir, "attendance.db")}", name, dir, null);
                break;
            case DatabaseProvider.Postgres:
                var pg = new NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(PostgresVariable)) { Database = name };
                var pgAdmin = new NpgsqlConnectionStringBuilder(pg.ConnectionString) { Database = "postgres", Pooling = false };
                db = new TestDatabase(provider, pg.ConnectionString, name, null, pgAdmin.ConnectionString);
                break;
            default:
                var ss = new SqlConnectionStringBuilder(Environment.GetEnvironmentVariable(SqlServerVariable)) { InitialCatalog = name };
                var ssAdmin = new SqlConnectionStringBuilder(ss.ConnectionString) { InitialCatalog = "master", Pooling = false };
                db = new TestDatabase(provider, ss.ConnectionString, name, null, ssAdmin.ConnectionString);
                break;
        }

        // .ci/run counts these lines to show in the CI log that the PostgreSQL tests really ran.
        if (provider != DatabaseProvider.Sqlite && Environment.GetEnvironmentVariable("ATTENDANCE_TEST_LOG") is { Length: > 0 } log)
        {
            await File.AppendAllTextAsync(log, $"{db.ProviderName} {name}{Environment.NewLine}");
        }

        if (migrate)
        {
            await new MigrationRunner(db.Factory).MigrateAsync();
        }
        else if (provider == DatabaseProvider.Postgres)
        {
            DbUp.EnsureDatabase.For.PostgresqlDatabase(db.ConnectionString);
        }

        return db;
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        try
        {
            switch (Provider)
            {
                case DatabaseProvider.Sqlite:
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(_sqliteDirectory!, recursive: true);
                    break;
                case DatabaseProvider.Postgres:
                    NpgsqlConnection.ClearAllPools();
                    await using (var c = new NpgsqlConnection(_adminConnectionString))
                    {
                        await c.OpenAsync();
                        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", c);
                        await cmd.ExecuteNonQueryAsync();
                    }

                    break;
                default:
                    SqlConnection.ClearAllPools();
                    await using (var c = new SqlConnection(_adminConnectionString))
                    {
                        await c.OpenAsync();
                        await using var cmd = new SqlCommand($"ALTER DATABASE [{_databaseName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_databaseName}]", c);
                        await cmd.ExecuteNonQueryAsync();
                    }

                    break;
            }
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; failing the test run over it is not.
        }
    }
}
