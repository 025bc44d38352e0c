namespace Attendance.Data;

/// <summary>LIKE patterns from what a user typed: their wildcards escaped with '!' (write <c>LIKE @p ESCAPE '!'</c>, the same on SQLite, PostgreSQL and SQL Server).</summary>
public static class Like
{
    public static string Escape(string text) =>
        text.Replace("!", "!!", StringComparison.Ordinal).Replace("%", "!%", StringComparison.Ordinal).Replace("_", "!_", StringComparison.Ordinal);
}
