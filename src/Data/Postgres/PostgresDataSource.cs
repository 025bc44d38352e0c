using System.Data.Common;
using Npgsql;

namespace Attendance.Data.Postgres;

/// <summary>
/// The pool the repositories use on PostgreSQL (Quartz and the migrations open connections of their own). Two settings
/// differ from Npgsql's defaults when the connection string does not name them; what an operator sets is kept.
/// <list type="bullet">
/// <item><c>Max Auto Prepare=64</c>: the punch path sends the same few statements all day, and planning them each time
/// cost PostgreSQL more than running them (the storm bench: ~330 µs of planning per punch for the history read's five
/// SELECTs, against tens of µs to execute them). Npgsql prepares a statement on a connection once it has run there five
/// times, and keeps the 64 most used.</item>
/// <item><c>No Reset On Close=true</c>: otherwise every return to the pool makes Npgsql reset the session before the
/// next use (DISCARD ALL, or with prepared statements a longer list of commands in its place). Nothing in the service
/// leaves state in a session (no SET, temporary tables, LISTEN or advisory locks: each unit of work is a command or a
/// transaction), so there is nothing to reset.</item>
/// </list>
/// </summary>
internal static class PostgresDataSource
{
    public const int MaxAutoPrepare = 64;

    public static NpgsqlDataSource Create(string connectionString) => NpgsqlDataSource.Create(WithDefaults(connectionString));

    /// <summary><paramref name="connectionString"/> with the two settings above added where it does not name them.</summary>
    public static string WithDefaults(string connectionString)
    {
        // Npgsql's own builder answers ContainsKey for any keyword it knows, set or not: the keys given are read plainly.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains(nameof(builder.MaxAutoPrepare)))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }

        if (!given.Contains(nameof(builder.NoResetOnClose)))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
