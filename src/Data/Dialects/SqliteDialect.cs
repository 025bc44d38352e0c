namespace Attendance.Data.Dialects;

public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override bool SeveralHosts => false;

    public override string Upsert(string table, IReadOnlyList<string> keys, IReadOnlyList<string> columns) =>
        PostgresDialect.OnConflictUpsert(table, keys, columns);

    public override string InsertReturningId(string table, IReadOnlyList<string> columns) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) RETURNING id";

    /// <summary>SQLite has one writer at a time, so its UPDATE … RETURNING is already exclusive.</summary>
    public override string ClaimBatch(string table, string due, string orderBy, string set, IReadOnlyList<string> returned) =>
        $"UPDATE {table} SET {set} WHERE id IN (SELECT id FROM {table} WHERE {due} ORDER BY {orderBy} LIMIT @batch) RETURNING {ColumnList(returned)}";

    /// <summary>Sortable text, as <see cref="TypeHandlers.DapperTypeHandlers"/> stores dates.</summary>
    public override object DateValue(DateOnly value) => TypeHandlers.DapperTypeHandlers.SqliteValue(value);

    /// <summary>Sortable UTC text, as <see cref="TypeHandlers.DapperTypeHandlers"/> stores instants.</summary>
    public override object InstantValue(DateTimeOffset value) => TypeHandlers.DapperTypeHandlers.SqliteValue(value);

    public override string FromTableByIndex(string table, string index) => $"{table} INDEXED BY {index}";

    public override string InsertIgnoreDuplicate(string table, IReadOnlyList<string> columns, IReadOnlyList<string> uniqueKey) =>
        $"INSERT INTO {table} ({ColumnList(columns)}) VALUES ({ParameterList(columns)}) ON CONFLICT ({ColumnList(uniqueKey)}) DO NOTHING";
}
