namespace Attendance.Data.Dialects;

public sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns) =>
        OnConflictUpsert(table, keys, columns);

    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) RETURNING id";

    public override string InsertIgnoreDuplicate(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) ON CONFLICT ({ColumnList(uniqueKey)}) DO NOTHING";

    /// <summary>Rows another transaction has locked are skipped, not waited for.</summary>
    public override string ClaimBatch(string table, string due, string orderBy, string set, IReadOnlyList<string> returned) =>
        $"UPDATE {table} SET {set} WHERE id IN (SELECT id FROM {table} WHERE {due} ORDER BY {orderBy} LIMIT @batch FOR UPDATE SKIP LOCKED) " +
        $"RETURNING {ColumnList(returned)}";

    /// <summary>A server is worth fewer round trips: finalizing a day writes its rows 100 to a statement.</summary>
    public override int UpsertRowsPerStatement => 100;

    public override string UpsertMany(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns, int rows)
    {
        if (rows == 1)
        {
            return Upsert(table, keys, columns);
        }

        var values = string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select(c => "@" + RowParameter(c, r, rows))) + ")"));
        var updates = columns.Where(c => !keys.Contains(c) && c != "created_at").Select(c => $"{c} = excluded.{c}");
        return $"INSERT INTO {table} ({ColumnList(columns)}) VALUES {values} ON CONFLICT ({ColumnList(keys)}) DO UPDATE SET {string.Join(", ", updates)}";
    }

    public override object DateValue(DateOnly value) => value;

    public override object InstantValue(DateTimeOffset value) => value.ToUniversalTime();

    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    /// <summary>SQLite and PostgreSQL share this syntax; <c>created_at</c> is never overwritten by an update.</summary>
    internal static string OnConflictUpsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns)
    {
        var updates = columns.Where(c => !keys.Contains(c) && c != "created_at").Select(c => $"{c} = excluded.{c}");
        return $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) " +
               $"ON CONFLICT ({ColumnList(keys)}) DO UPDATE SET {string.Join(", ", updates)}";
    }
}
