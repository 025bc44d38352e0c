using Microsoft.Data.Sqlite;

namespace Attendance.Data.Sqlite;

/// <summary>Another host already holds the SQLite database.</summary>
public sealed class SqliteHostLockedException(string message, Exception inner) : InvalidOperationException(message, inner);

/// <summary>
/// One host per SQLite file. SQLite's own locks keep the file consistent, but this service keeps state beside it per
/// process (the punch window, group commit, a non-clustered scheduler), so a second host on the same file would send
/// digests twice and miss other punches in its anti-cheat history. An exclusive lock on <c>&lt;database&gt;.lock</c>
/// (flock on Linux, a share lock on Windows) is held for the life of the host; a second host is refused at start-up
/// with a message naming the file. The lock goes with the process, so a crash never leaves a stale lock behind.
/// </summary>
public sealed class SqliteHostLock : IDisposable
{
    private readonly FileStream _stream;

    private SqliteHostLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    public string Path { get; }

    /// <summary>The lock for the database of <paramref name="connectionString"/>, or null for an in-memory database.</summary>
    public static SqliteHostLock? Acquire(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource.StartsWith(':') || string.IsNullOrEmpty(builder.DataSource))
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(builder.DataSource) + ".lock";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        try
        {
            return new SqliteHostLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
        }
        catch (IOException e)
        {
            throw new SqliteHostLockedException(
                $"Another host is already using the SQLite database {builder.DataSource} (it holds {path}). SQLite serves one host; " +
                "stop the other one, or run several hosts on PostgreSQL or SQL Server (docs/operations.md).", e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
