namespace Attendance.Data.Dialects;

public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns) =>
        PostgresDialect.OnConflictUpsert(table, keys, columns);

    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) RETURNING id";

    public override string FromTableByIndex(string table, string index) => $"{table} INDEXED BY {index}";

    public override string InsertIgnoreDuplicate(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) ON CONFLICT ({ColumnList(uniqueKey)}) DO NOTHING";
}
