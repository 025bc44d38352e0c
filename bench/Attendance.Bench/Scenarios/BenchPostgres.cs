using Npgsql;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// A fresh database for one bench run on the PostgreSQL server the user named (<c>--postgres=</c> or
/// ATTENDANCE_TEST_POSTGRES), dropped again at the end; the bench never writes to a database it did not create.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    public const string Variable = "ATTENDANCE_TEST_POSTGRES";

    private readonly string _admin;
    private readonly string _name;

    private BenchPostgres(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database's connection string: the server's, with its pool settings, on the new database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string from the arguments or the environment; null when neither names one.</summary>
    public static string? Server(BenchArgs arguments) =>
        arguments.String("postgres") is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set ? set
        : null;

    public const string NoServer =
        "storm --provider=postgres needs a PostgreSQL server: pass --postgres=<connection string> or set " + Variable + ".\n" +
        "To start a private one on this machine (it prints the variable), run in the same shell:\n" +
        "  eval \"$(PG_TEST_PORT=55442 bash .ci/start-postgres.sh)\"";

    public static async Task<BenchPostgres> CreateAsync(string server, string name)
    {
        var admin = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\"");
        return new BenchPostgres(admin, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        // FORCE: a host's pooled connections may still be open when the run ends early.
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
