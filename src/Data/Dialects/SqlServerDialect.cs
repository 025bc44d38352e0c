namespace Attendance.Data.Dialects;

public sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    /// <summary>UPDATE under UPDLOCK+SERIALIZABLE then INSERT: the well-known race-free upsert without MERGE.</summary>
    public override string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns)
    {
        var updates = columns.Where(c => !keys.Contains(c) && c != "created_at").Select(c => $"{c} = @{c}");
        var where = string.Join(" AND ", keys.Select(k => $"{k} = @{k}"));
        return $"UPDATE {table} WITH (UPDLOCK, SERIALIZABLE) SET {string.Join(", ", updates)} WHERE {where}; " +
               $"IF @@ROWCOUNT = 0 INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)});";
    }

    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) OUTPUT INSERTED.id VALUES ({ParameterList(columns)})";

    public override string Page(string limitParameter, string offsetParameter) =>
        $" OFFSET @{offsetParameter} ROWS FETCH NEXT @{limitParameter} ROWS ONLY";

    public override string FirstRows(int rows) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $" OFFSET 0 ROWS FETCH NEXT {rows} ROWS ONLY");

    public override string InsertIgnoreDuplicate(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey)
    {
        var where = string.Join(" AND ", uniqueKey.Select(k => $"{k} = @{k}"));
        return $"INSERT INTO {table} ({ColumnList(columns)}) SELECT {ParameterList(columns)} " +
               $"WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {where})";
    }

    /// <summary>Rows another transaction has locked are read past (READPAST), the claimed ones held (UPDLOCK).</summary>
    public override string ClaimBatch(string table, string due, string orderBy, string set, IReadOnlyList<string> returned) =>
        $"WITH due AS (SELECT TOP (@batch) * FROM {table} WITH (UPDLOCK, READPAST, ROWLOCK) WHERE {due} ORDER BY {orderBy}) " +
        $"UPDATE due SET {set} OUTPUT {string.Join(", ", returned.Select(c => "inserted." + c))}";

    /// <summary>SqlClient has no DateOnly parameter mapping everywhere it runs; a date column takes a DateTime at midnight.</summary>
    public override object DateValue(DateOnly value) => value.ToDateTime(TimeOnly.MinValue);

    public override object InstantValue(DateTimeOffset value) => value.ToUniversalTime();

    public override string? InsertIgnoreDuplicateReturningId(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey) => null;
}
