using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Attendance.Data.Tests.SqlServer;

/// <summary>
/// Names, not semantics: every table a statement reads or writes is created by a <c>sql/sqlserver</c> migration, and
/// every column it names is a column of one of those tables (of its only table, when it names one). This catches a
/// column added to the SQLite and PostgreSQL schemas but forgotten in SQL Server's, which the parser alone cannot.
/// </summary>
internal sealed class SchemaCheck
{
    private readonly Dictionary<string, HashSet<string>> _tables = new(StringComparer.OrdinalIgnoreCase);

    public SchemaCheck(IEnumerable<string> migrationScripts)
    {
        foreach (var script in migrationScripts)
        {
            var fragment = Parse(script) ?? throw new InvalidOperationException("a migration does not parse");
            fragment.Accept(new TableFinder(_tables));
        }
    }

    public IReadOnlyCollection<string> Tables => _tables.Keys;

    public IReadOnlyList<string> Problems(string sql)
    {
        var fragment = Parse(sql);
        if (fragment is null)
        {
            return []; // the parse check reports it
        }

        var names = new NameFinder();
        fragment.Accept(names);
        var problems = new List<string>();
        var known = names.Tables.Where(t => !names.CommonTableExpressions.Contains(t)).ToList();
        problems.AddRange(known.Where(t => !_tables.ContainsKey(t)).Select(t => $"table {t} is not created by any sql/sqlserver migration"));
        var allColumns = known.Count == 1 && names.Tables.Count == 1 && _tables.TryGetValue(known[0], out var only)
            ? only
            : _tables.Values.SelectMany(c => c).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var where = known.Count == 1 && names.Tables.Count == 1 ? $"of table {known[0]}" : "of any sql/sqlserver table";
        problems.AddRange(names.Columns
            .Where(c => !allColumns.Contains(c) && !names.Aliases.Contains(c))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(c => $"column {c} is not a column {where}"));
        return problems;
    }

    private static TSqlFragment? Parse(string sql)
    {
        var parser = new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var fragment = parser.Parse(reader, out var errors);
        return errors.Count == 0 ? fragment : null;
    }

    private sealed class TableFinder(Dictionary<string, HashSet<string>> tables) : TSqlFragmentVisitor
    {
        public override void ExplicitVisit(CreateTableStatement node)
        {
            var name = node.SchemaObjectName.BaseIdentifier.Value;
            if (!tables.TryGetValue(name, out var columns))
            {
                tables[name] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            foreach (var column in node.Definition.ColumnDefinitions)
            {
                columns.Add(column.ColumnIdentifier.Value);
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(AlterTableAddTableElementStatement node)
        {
            if (tables.TryGetValue(node.SchemaObjectName.BaseIdentifier.Value, out var columns))
            {
                foreach (var column in node.Definition.ColumnDefinitions)
                {
                    columns.Add(column.ColumnIdentifier.Value);
                }
            }

            base.ExplicitVisit(node);
        }
    }

    private sealed class NameFinder : TSqlFragmentVisitor
    {
        public HashSet<string> Tables { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> CommonTableExpressions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public HashSet<string> Aliases { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Columns { get; } = [];

        public override void ExplicitVisit(NamedTableReference node)
        {
            if (!string.Equals(node.SchemaObject.SchemaIdentifier?.Value, "sys", StringComparison.OrdinalIgnoreCase))
            {
                Tables.Add(node.SchemaObject.BaseIdentifier.Value);
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(CommonTableExpression node)
        {
            CommonTableExpressions.Add(node.ExpressionName.Value);
            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(SelectScalarExpression node)
        {
            if (node.ColumnName?.Value is { } alias)
            {
                Aliases.Add(alias);
            }

            base.ExplicitVisit(node);
        }

        public override void ExplicitVisit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular && node.MultiPartIdentifier is { Count: > 0 } identifier)
            {
                Columns.Add(identifier.Identifiers[^1].Value);
            }

            base.ExplicitVisit(node);
        }
    }
}
