using System.Data.Common;
using Attendance.Data.Dialects;
using Attendance.Data.Postgres;
using Attendance.Data.TypeHandlers;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Attendance.Data;

/// <summary>Opens connections to the configured database. One instance per process (it owns pools).</summary>
public sealed class ConnectionFactory : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _npgsql;
    private readonly Func<DbConnection>? _statementCapture;

    public ConnectionFactory(DatabaseProvider provider, string connectionString)
        : this(provider, connectionString, statementCapture: null)
    {
    }

    /// <summary>
    /// Test seam only: every <see cref="OpenAsync"/> opens a connection from <paramref name="statementCapture"/> instead
    /// of the provider's driver, so the SQL a provider's repositories build can be recorded without a server (the
    /// SQL Server parse check). Null keeps the driver; nothing in the service passes it.
    /// </summary>
    internal ConnectionFactory(DatabaseProvider provider, string connectionString, Func<DbConnection>? statementCapture)
    {
        _statementCapture = statementCapture;
        DapperTypeHandlers.Register();
        Provider = provider;
        Dialect = SqlDialect.For(provider);
        ConnectionString = NormalizedConnectionString(provider, connectionString);
        WriteGate = provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
        if (provider == DatabaseProvider.Postgres && statementCapture is null)
        {
            _npgsql = PostgresDataSource.Create(ConnectionString);
        }
    }

    public static ConnectionFactory Create(DatabaseOptions options)
    {
        if (!DatabaseOptions.TryParseProvider(options.Provider, out var provider))
        {
            throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported.");
        }

        return new ConnectionFactory(provider, options.ConnectionString);
    }

    public DatabaseProvider Provider { get; }

    /// <summary>
    /// SQLite has one writer at a time; queueing writers here, in order, is far cheaper than letting them collide
    /// in SQLite's busy handler (sleep-and-retry, and SQLITE_BUSY when a read transaction tries to upgrade). SQLite
    /// is single-instance by design, so an in-process gate covers every writer. Null for the server databases.
    /// </summary>
    public SemaphoreSlim? WriteGate { get; }

    public SqlDialect Dialect { get; }

    public string ConnectionString { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = _statementCapture?.Invoke() ?? Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(ConnectionString),
            DatabaseProvider.Postgres => _npgsql!.CreateConnection(),
            _ => new SqlConnection(ConnectionString),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Provider == DatabaseProvider.Sqlite)
            {
                // Per-connection settings; WAL itself is persistent and set by the migration runner.
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The connection string every part of the service uses for <paramref name="provider"/> (Quartz's store too):
    /// for SQLite a bare file path is accepted, foreign keys are on and the file's directory exists.
    /// </summary>
    public static string NormalizedConnectionString(DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.Sqlite ? NormalizeSqlite(connectionString) : connectionString;

    /// <summary>Accepts a bare file path; turns on foreign keys; creates the directory of the file.</summary>
    internal static string NormalizeSqlite(string connectionString)
    {
        var builder = connectionString.Contains('=', StringComparison.Ordinal)
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = connectionString };
        builder.ForeignKeys = true;
        builder.Pooling = true;
        if (builder.Mode != SqliteOpenMode.Memory && !builder.DataSource.StartsWith(':'))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                System.IO.Directory.CreateDirectory(directory);
            }
        }

        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        WriteGate?.Dispose();
        if (_npgsql is not null)
        {
            await _npgsql.DisposeAsync();
        }
    }
}
