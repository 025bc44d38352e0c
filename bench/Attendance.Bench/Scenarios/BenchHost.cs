using System.Security.Cryptography;

namespace Attendance.Bench.Scenarios;

/// <summary>The host's arguments for an in-process bench run: SQLite in a temporary directory, Production, fresh keys.</summary>
public static class BenchHost
{
    public static string[] Args(string directory, params string[] extra) => Args(Sqlite(directory), directory, Secrets(), extra);

    /// <summary>A host on <paramref name="database"/> (<see cref="Sqlite"/> or <see cref="Postgres"/>) with <paramref name="secrets"/>.</summary>
    public static string[] Args(string[] database, string directory, string[] secrets, params string[] extra) =>
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Production",
        .. database,
        "--Database:MigrateOnStart=true",
        $"--Attendance:PhotoRoot={Path.Combine(directory, "photos")}",
        .. secrets,
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];

    public static string[] Sqlite(string directory) =>
        ["--Database:Provider=sqlite", $"--Database:ConnectionString=Data Source={Path.Combine(directory, "attendance.db")}"];

    public static string[] Postgres(string connectionString) => ["--Database:Provider=postgres", $"--Database:ConnectionString={connectionString}"];

    /// <summary>Fresh keys; hosts of one company share them, so a session issued by one is accepted by the others.</summary>
    public static string[] Secrets() =>
    [
        $"--Security:AdminKeys:0=bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}",
        $"--Security:SessionSigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        $"--Security:DataEncryptionKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
    ];
}
