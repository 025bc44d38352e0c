namespace Attendance.Data.Dialects;

/// <summary>
/// The few places where the three databases disagree. Everything else is written once in shared SQL with
/// <c>@name</c> parameters, which all three providers accept through Dapper.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>
    /// Insert or update one row keyed by <paramref name="keys"/>. Columns are parameter names too (snake_case
    /// column = @snake_case parameter).
    /// </summary>
    public abstract string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns);

    /// <summary>An INSERT that yields the new identity value as a single scalar.</summary>
    public abstract string InsertReturningId(string table, IReadOnlyList<string> columns);

    /// <summary>Appended to an ORDER BY query to take at most @limit rows after skipping @offset.</summary>
    public virtual string Page(string limitParameter, string offsetParameter) =>
        $" LIMIT @{limitParameter} OFFSET @{offsetParameter}";

    /// <summary>Insert a row unless a row with the same unique key exists; affected rows say which happened.</summary>
    public abstract string InsertIgnoreDuplicate(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey);

    /// <summary>
    /// An insert that returns the new id, or no row when the unique key is taken: one statement instead of a lookup
    /// and an insert. Null where the database has no such form (SQL Server); callers then look first.
    /// </summary>
    public virtual string? InsertIgnoreDuplicateReturningId(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey) =>
        InsertIgnoreDuplicate(table, columns, uniqueKey) + " RETURNING id";

    /// <summary><paramref name="column"/> is one of the values of the list parameter: Dapper expands <c>IN @list</c>,
    /// except for PostgreSQL, where it passes the list as one array.</summary>
    public virtual string InList(string column, string parameter) => $"{column} IN @{parameter}";

    /// <summary>
    /// <paramref name="table"/> as a FROM item that reads through <paramref name="index"/>, where the database needs
    /// telling (SQLite, which has no statistics here); elsewhere the table alone, and the planner chooses.
    /// </summary>
    public virtual string FromTableByIndex(string table, string index) => table;

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        DatabaseProvider.Postgres => PostgresDialect.Instance,
        DatabaseProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    protected static string ColumnList(IReadOnlyList<string> columns) => string.Join(", ", columns);

    protected static string ParameterList(IReadOnlyList<string> columns) => string.Join(", ", columns.Select(c => "@" + c));
}
