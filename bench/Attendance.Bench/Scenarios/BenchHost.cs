using System.Security.Cryptography;

namespace Attendance.Bench.Scenarios;

/// <summary>The host's arguments for an in-process bench run: SQLite in a temporary directory, Production, fresh keys.</summary>
public static class BenchHost
{
    public static string[] Args(string directory, params string[] extra) =>
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Production",
        "--Database:Provider=sqlite",
        $"--Database:ConnectionString=Data Source={Path.Combine(directory, "attendance.db")}",
        "--Database:MigrateOnStart=true",
        $"--Attendance:PhotoRoot={Path.Combine(directory, "photos")}",
        $"--Security:AdminKeys:0=bench-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}",
        $"--Security:SessionSigningKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        $"--Security:DataEncryptionKey={Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];
}
