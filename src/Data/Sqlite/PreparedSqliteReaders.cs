using System.Collections.Concurrent;
using System.Data.Common;
using Attendance.Data.TypeHandlers;
using Microsoft.Data.Sqlite;

namespace Attendance.Data.Sqlite;

/// <summary>
/// One hot read, kept prepared on a few open SQLite connections. Microsoft.Data.Sqlite parses a command's statements
/// again on every new command; for a short multi-statement read on the punch path that parsing cost as much as the
/// reads themselves. A command reused with only its parameter values changed skips it. Connections stay in
/// autocommit between uses, so they hold no snapshot that would stop WAL checkpoints.
/// (docs/benchmarks.md, "storm": the punch path's figures with these readers.)
/// </summary>
public sealed class PreparedSqliteReaders(ConnectionFactory factory, string sql) : IDisposable
{
    private const int Keep = 8;

    private readonly ConcurrentBag<Prepared> _idle = [];
    private int _disposed;

    public async Task<T> RunAsync<T>(IReadOnlyDictionary<string, object?> parameters, Func<DbDataReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        var prepared = _idle.TryTake(out var idle) ? idle : await PrepareAsync(parameters, cancellationToken);
        var healthy = false;
        try
        {
            foreach (var (name, value) in parameters)
            {
                prepared.Command.Parameters["@" + name].Value = DapperTypeHandlers.SqliteValue(value);
            }

            T result;
            await using (var reader = await prepared.Command.ExecuteReaderAsync(cancellationToken))
            {
                result = await read(reader, cancellationToken);
            }

            healthy = true;
            return result;
        }
        finally
        {
            if (healthy && Volatile.Read(ref _disposed) == 0 && _idle.Count < Keep)
            {
                _idle.Add(prepared);
            }
            else
            {
                prepared.Dispose();
            }
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        while (_idle.TryTake(out var prepared))
        {
            prepared.Dispose();
        }
    }

    private async Task<Prepared> PrepareAsync(IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)await factory.OpenAsync(cancellationToken);
        try
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters.Keys)
            {
                command.Parameters.Add(new SqliteParameter("@" + name, DBNull.Value));
            }

            await command.PrepareAsync(cancellationToken);
            return new Prepared(connection, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed record Prepared(SqliteConnection Connection, SqliteCommand Command) : IDisposable
    {
        public void Dispose()
        {
            Command.Dispose();
            Connection.Dispose();
        }
    }
}
