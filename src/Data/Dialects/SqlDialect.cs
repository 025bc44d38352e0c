namespace Attendance.Data.Dialects;

/// <summary>
/// The few places where the three databases disagree. Everything else is written once in shared SQL with
/// <c>@name</c> parameters, which all three providers accept through Dapper.
/// </summary>
public abstract class SqlDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>Whether several hosts may share this database (false for SQLite, a file one process writes).</summary>
    public virtual bool SeveralHosts => true;

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

    /// <summary>
    /// Appended to an ORDER BY query to take its first <paramref name="rows"/> rows, written as a constant: PostgreSQL
    /// plans a prepared statement once only when its generic plan looks as good as a plan for the values at hand, and
    /// for LIMIT @n (any number of rows) it did not, so the punch path's "latest one" reads were planned again on every
    /// execution.
    /// </summary>
    public virtual string FirstRows(int rows) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $" LIMIT {rows}");

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

    /// <summary>
    /// Claims up to <c>@batch</c> rows of <paramref name="table"/> matching <paramref name="due"/>, oldest by
    /// <paramref name="orderBy"/> first, applying <paramref name="set"/> and returning <paramref name="returned"/> of
    /// each claimed row, in one statement, so two hosts claiming at once never get the same row.
    /// </summary>
    public abstract string ClaimBatch(string table, string due, string orderBy, string set, IReadOnlyList<string> returned);

    /// <summary>How many rows one upsert statement of <see cref="UpsertMany"/> should carry on this database.</summary>
    public virtual int UpsertRowsPerStatement => 1;

    /// <summary>
    /// An upsert of <paramref name="rows"/> rows in one statement; the parameters are named by
    /// <see cref="RowParameter"/>. One row is <see cref="Upsert"/> with plain column names.
    /// </summary>
    public virtual string UpsertMany(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns, int rows) =>
        rows == 1 ? Upsert(table, keys, columns) : throw new NotSupportedException($"{Provider} writes one row per upsert statement");

    /// <summary>The parameter name of <paramref name="column"/> in row <paramref name="row"/> of <see cref="UpsertMany"/>.</summary>
    public static string RowParameter(string column, int row, int rows) =>
        rows == 1 ? column : column + "_" + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A date as this database's provider stores it, for commands bound without Dapper's type handlers.</summary>
    public abstract object DateValue(DateOnly value);

    /// <summary>An instant (stored in UTC) as this database's provider stores it, for commands bound without Dapper.</summary>
    public abstract object InstantValue(DateTimeOffset value);

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
