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

    public override string InList(string column, string parameter) => $"{column} = ANY(@{parameter})";

    /// <summary>SQLite and PostgreSQL share this syntax; <c>created_at</c> is never overwritten by an update.</summary>
    internal static string OnConflictUpsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns)
    {
        var updates = columns.Where(c => !keys.Contains(c) && c != "created_at").Select(c => $"{c} = excluded.{c}");
        return $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) " +
               $"ON CONFLICT ({ColumnList(keys)}) DO UPDATE SET {string.Join(", ", updates)}";
    }
}
