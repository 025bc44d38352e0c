using Attendance.Data;
using Attendance.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Infrastructure;

/// <summary>
/// Holds <see cref="SqliteHostLock"/> from before migrations until the host is disposed, so a second host (or a
/// <c>migrate</c> run) on the same SQLite file is refused with a clear message. Nothing on PostgreSQL or SQL Server,
/// where several hosts are the point.
/// </summary>
public sealed class SqliteSingleHost(IOptions<DatabaseOptions> database) : IDisposable
{
    private SqliteHostLock? _lock;

    public string? LockPath => _lock?.Path;

    /// <exception cref="SqliteHostLockedException">Another host holds the database.</exception>
    public void Acquire()
    {
        var options = database.Value;
        if (_lock is null && DatabaseOptions.TryParseProvider(options.Provider, out var provider) && provider == DatabaseProvider.Sqlite)
        {
            _lock = SqliteHostLock.Acquire(ConnectionFactory.Create(options).ConnectionString);
        }
    }

    public void Dispose() => _lock?.Dispose();
}
