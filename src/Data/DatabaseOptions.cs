namespace Attendance.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public string Provider { get; set; } = "sqlite";

    /// <summary>For SQLite, a plain file path is accepted too ("data/attendance.db").</summary>
    public string ConnectionString { get; set; } = "Data Source=data/attendance.db";

    public bool MigrateOnStart { get; set; } = true;

    public static bool TryParseProvider(string? text, out DatabaseProvider provider)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "sqlite": provider = DatabaseProvider.Sqlite; return true;
            case "postgres" or "postgresql" or "npgsql": provider = DatabaseProvider.Postgres; return true;
            case "sqlserver" or "mssql": provider = DatabaseProvider.SqlServer; return true;
            default: provider = default; return false;
        }
    }

    /// <summary>Validation messages naming the key, for start-up.</summary>
    public IEnumerable<string> Validate()
    {
        if (!TryParseProvider(Provider, out _))
        {
            yield return $"Database:Provider '{Provider}' is not supported: use sqlite, postgres or sqlserver.";
        }

        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "Database:ConnectionString is required.";
        }
    }
}
