using System.Globalization;
using Npgsql;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// CPU time of the PostgreSQL server, when it runs on this machine: its postmaster and every process the postmaster
/// started (the backends serving the hosts and the floor, the WAL writer, the checkpointer, autovacuum), from /proc.
/// Backends that have exited count through the postmaster's reaped-children time. Other servers on the machine (other
/// ports, other postmasters) are not counted. The bench process's own CPU covers Npgsql, so the two add up to what a
/// punch costs the machine.
/// </summary>
internal sealed class PostgresServerCpu
{
    // USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    private readonly int _postmaster;

    private PostgresServerCpu(int postmaster, string version)
    {
        _postmaster = postmaster;
        Version = version;
    }

    /// <summary>The server's version, as it announced itself when the connection opened.</summary>
    public string Version { get; }

    /// <summary>The server behind <paramref name="connectionString"/>, or null when its processes are not visible here.</summary>
    public static async Task<PostgresServerCpu?> FindAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        // The backend serving this connection is a child of the postmaster. A remote server's pid means nothing here.
        var backend = connection.ProcessID;
        if (!IsPostgres(backend) || Stat(backend) is not { } stat || !IsPostgres(stat.Parent))
        {
            return null;
        }

        return new PostgresServerCpu(stat.Parent, connection.ServerVersion);
    }

    /// <summary>The server's CPU seconds so far (user and system).</summary>
    public double Seconds()
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && (pid == _postmaster || stat.Parent == _postmaster))
            {
                ticks += stat.Ticks;
            }
        }

        return ticks / TicksPerSecond;
    }

    private static bool IsPostgres(int pid) =>
        File.Exists($"/proc/{pid}/comm") && File.ReadAllText($"/proc/{pid}/comm").StartsWith("postgres", StringComparison.Ordinal);

    /// <summary>The parent pid and utime + stime (+ cutime + cstime: children reaped) of a process; null when it is gone.</summary>
    private static (int Parent, long Ticks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }

        // Fields after the command name, which is in parentheses and may hold spaces: state, ppid, ..., utime (14th
        // field of the line), stime, cutime, cstime.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return ((int)Field(4), Field(14) + Field(15) + Field(16) + Field(17));
    }
}
