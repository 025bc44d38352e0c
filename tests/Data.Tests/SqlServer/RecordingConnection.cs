using System.Collections;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Attendance.Data.Tests.SqlServer;

/// <summary>Every command text the recording connections were asked to run, with who asked.</summary>
internal sealed class StatementRecorder
{
    private readonly Dictionary<string, SortedSet<string>> _statements = new(StringComparer.Ordinal);

    /// <summary>The repository method running now; recorded beside each statement it sends.</summary>
    public string Origin { get; set; } = "(unknown)";

    public IReadOnlyDictionary<string, SortedSet<string>> Statements => _statements;

    /// <summary>
    /// False: every command finds nothing (0 rows affected, null scalar). True: every write affects one row and every
    /// scalar is 1, which takes the "it was there" branches a method has after a write or a count.
    /// </summary>
    public bool Affects { get; set; }

    /// <summary>True: every query answers with one made-up row (see <see cref="RowAnswers"/>), else with none.</summary>
    public bool Finds { get; set; }

    public void Record(string? commandText)
    {
        if (string.IsNullOrWhiteSpace(commandText))
        {
            return;
        }

        if (!_statements.TryGetValue(commandText, out var origins))
        {
            _statements[commandText] = origins = new SortedSet<string>(StringComparer.Ordinal);
        }

        origins.Add(Origin);
    }
}

/// <summary>
/// A connection with no server behind it: it records each command's text (as Dapper sends it, list parameters
/// already expanded) and answers every command with no rows, and 0 or 1 affected and a null or 1 scalar (see <see cref="StatementRecorder.Affects"/>).
/// </summary>
internal sealed class RecordingConnection(StatementRecorder recorder) : DbConnection
{
    private ConnectionState _state = ConnectionState.Closed;

    [AllowNull]
    public override string ConnectionString { get; set; } = "Server=recording;Database=recording";

    public override string Database => "recording";

    public override string DataSource => "recording";

    public override string ServerVersion => "16.0";

    public override ConnectionState State => _state;

    internal StatementRecorder Recorder => recorder;

    public override void ChangeDatabase(string databaseName)
    {
    }

    public override void Close() => _state = ConnectionState.Closed;

    public override void Open() => _state = ConnectionState.Open;

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        Open();
        return Task.CompletedTask;
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => new RecordingTransaction(this, isolationLevel);

    protected override DbCommand CreateDbCommand() => new RecordingCommand(this);
}

internal sealed class RecordingTransaction(RecordingConnection connection, IsolationLevel isolationLevel) : DbTransaction
{
    public override IsolationLevel IsolationLevel => isolationLevel;

    protected override DbConnection DbConnection => connection;

    public override void Commit()
    {
    }

    public override void Rollback()
    {
    }
}

internal sealed class RecordingCommand(RecordingConnection connection) : DbCommand
{
    private readonly RecordingParameters _parameters = new();

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType { get; set; } = CommandType.Text;

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection { get; set; } = connection;

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel()
    {
    }

    public override int ExecuteNonQuery()
    {
        connection.Recorder.Record(CommandText);
        return connection.Recorder.Affects ? 1 : 0;
    }

    public override object? ExecuteScalar()
    {
        connection.Recorder.Record(CommandText);
        return connection.Recorder.Affects ? 1L : null;
    }

    public override void Prepare()
    {
    }

    protected override DbParameter CreateDbParameter() => new RecordingParameter();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        connection.Recorder.Record(CommandText);
        using var rows = connection.Recorder.Finds ? RowAnswers.OneRow(CommandText) : new DataTable();
        return rows.CreateDataReader();
    }
}

internal sealed class RecordingParameter : DbParameter
{
    public override DbType DbType { get; set; }

    public override ParameterDirection Direction { get; set; } = ParameterDirection.Input;

    public override bool IsNullable { get; set; }

    [AllowNull]
    public override string ParameterName { get; set; } = "";

    public override int Size { get; set; }

    [AllowNull]
    public override string SourceColumn { get; set; } = "";

    public override bool SourceColumnNullMapping { get; set; }

    public override object? Value { get; set; }

    public override void ResetDbType() => DbType = DbType.String;
}

internal sealed class RecordingParameters : DbParameterCollection
{
    private readonly List<DbParameter> _items = [];

    public override int Count => _items.Count;

    public override object SyncRoot => _items;

    public override int Add(object value)
    {
        _items.Add((DbParameter)value);
        return _items.Count - 1;
    }

    public override void AddRange(Array values)
    {
        foreach (var value in values)
        {
            Add(value!);
        }
    }

    public override void Clear() => _items.Clear();

    public override bool Contains(object value) => _items.Contains((DbParameter)value);

    public override bool Contains(string value) => IndexOf(value) >= 0;

    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    public override int IndexOf(object value) => _items.IndexOf((DbParameter)value);

    public override int IndexOf(string parameterName) =>
        _items.FindIndex(p => string.Equals(p.ParameterName, parameterName, StringComparison.OrdinalIgnoreCase));

    public override void Insert(int index, object value) => _items.Insert(index, (DbParameter)value);

    public override void Remove(object value) => _items.Remove((DbParameter)value);

    public override void RemoveAt(int index) => _items.RemoveAt(index);

    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOf(parameterName));

    protected override DbParameter GetParameter(int index) => _items[index];

    protected override DbParameter GetParameter(string parameterName) => _items[IndexOf(parameterName)];

    protected override void SetParameter(int index, DbParameter value) => _items[index] = value;

    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOf(parameterName)] = value;
}
