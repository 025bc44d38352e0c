using System.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Attendance.Data.Tests.SqlServer;

/// <summary>
/// One made-up row for a query, so that a method goes on past "found it" and sends what it sends then. The columns are
/// the query's select list (or its OUTPUT list) as Microsoft's parser reads it. Each value has the CLR type SqlClient
/// returns for the column's SQL Server type, which is read from the CREATE/ALTER TABLE column definitions of
/// <c>sql/sqlserver</c> (bigint a long, bit a bool, date a DateTime, datetimeoffset a DateTimeOffset, nvarchar the
/// text "1", nvarchar(max), where the JSON documents live, an empty JSON list; a verdict is "review" and a decision null, ...); COUNT(*) is an int, MAX(c) takes c's type. A value that does not fit the code reading it only makes
/// the method throw after it sent its SQL.
/// </summary>
internal static class RowAnswers
{
    private static readonly Lazy<Dictionary<string, string>> ColumnTypes = new(ReadColumnTypes);

    public static DataTable OneRow(string sql)
    {
        var table = new DataTable { Locale = CultureInfo.InvariantCulture };
        var columns = Columns(sql);
        var values = new object[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var (name, value) = columns[i];
            values[i] = value;
            table.Columns.Add(table.Columns.Contains(name) ? $"{name}_{i}" : name, value is DBNull ? typeof(string) : value.GetType());
        }

        if (columns.Count > 0)
        {
            table.Rows.Add(values);
        }

        return table;
    }

    private static List<(string Name, object Value)> Columns(string sql)
    {
        var fragment = Parse(sql);
        if (fragment is null)
        {
            return [];
        }

        var finder = new SelectListFinder();
        fragment.Accept(finder);
        var elements = finder.Output ?? finder.Select ?? [];
        var columns = new List<(string, object)>();
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i] is SelectScalarExpression scalar)
            {
                var name = scalar.ColumnName?.Value ?? ColumnOf(scalar.Expression) ?? $"c{i}";
                columns.Add((name, name.ToLowerInvariant() switch
                {
                    "verdict" => "review", // a punch waiting for review ...
                    "decision" => DBNull.Value, // ... not yet decided
                    _ => ValueOf(TypeOf(scalar.Expression)),
                }));
            }
        }

        return columns;
    }

    private static string? ColumnOf(ScalarExpression expression) =>
        (expression as ColumnReferenceExpression)?.MultiPartIdentifier?.Identifiers[^1].Value;

    private static string? TypeOf(ScalarExpression expression) => expression switch
    {
        ColumnReferenceExpression column when ColumnOf(column) is { } name =>
            ColumnTypes.Value.GetValueOrDefault(name.ToLowerInvariant()),
        FunctionCall call when call.FunctionName.Value.Equals("COUNT", StringComparison.OrdinalIgnoreCase) => "int",
        FunctionCall call when call.FunctionName.Value.Equals("COUNT_BIG", StringComparison.OrdinalIgnoreCase) => "bigint",
        FunctionCall { Parameters.Count: > 0 } call => TypeOf(call.Parameters[0]),
        CoalesceExpression coalesce => TypeOf(coalesce.Expressions[0]),
        CastCall cast => cast.DataType.Name.BaseIdentifier.Value,
        ConvertCall convert => convert.DataType.Name.BaseIdentifier.Value,
        ParenthesisExpression parenthesis => TypeOf(parenthesis.Expression),
        IntegerLiteral => "int",
        _ => null,
    };

    private static object ValueOf(string? sqlType) => sqlType?.ToLowerInvariant() switch
    {
        "bigint" => 1L,
        "int" => 1,
        "smallint" => (short)1,
        "tinyint" => (byte)1,
        "bit" => true,
        "date" or "datetime" or "datetime2" or "smalldatetime" => new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Unspecified),
        "datetimeoffset" => new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
        "time" => new TimeSpan(9, 0, 0),
        "float" or "real" => 1.5,
        "decimal" or "numeric" => 1.5m,
        "varbinary" or "binary" => new byte[] { 1, 2, 3 },
        "uniqueidentifier" => Guid.Empty,
        "varbinary(max)" => new byte[] { 1, 2, 3 },
        "nvarchar(max)" or "varchar(max)" => "[]", // the JSON documents, most of them lists
        _ => "1",
    };

    private static TSqlFragment? Parse(string sql)
    {
        var parser = new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        return errors.Count == 0 ? fragment : null;
    }

    /// <summary>Column name → SQL Server type name, from every column definition of the SQL Server migrations.</summary>
    private static Dictionary<string, string> ReadColumnTypes()
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var assembly = typeof(ConnectionFactory).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames()
                     .Where(n => n.StartsWith("sql/sqlserver/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var text = new StreamReader(stream);
            var finder = new ColumnDefinitionFinder(types);
            Parse(text.ReadToEnd())?.Accept(finder);
        }

        return types;
    }

    private sealed class ColumnDefinitionFinder(Dictionary<string, string> types) : TSqlFragmentVisitor
    {
        public override void ExplicitVisit(ColumnDefinition node)
        {
            if (node.DataType?.Name?.BaseIdentifier?.Value is { } type)
            {
                var max = node.DataType is SqlDataTypeReference { Parameters: [MaxLiteral] };
                types.TryAdd(node.ColumnIdentifier.Value.ToLowerInvariant(), max ? type + "(max)" : type);
            }

            base.ExplicitVisit(node);
        }
    }

    private sealed class SelectListFinder : TSqlFragmentVisitor
    {
        public IList<SelectElement>? Select { get; private set; }

        public IList<SelectElement>? Output { get; private set; }

        public override void ExplicitVisit(QuerySpecification node)
        {
            Select ??= node.SelectElements;
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(OutputClause node)
        {
            Output ??= node.SelectColumns;
            base.ExplicitVisit(node);
        }
    }
}
