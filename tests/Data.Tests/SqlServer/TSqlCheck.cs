using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Attendance.Data.Tests.SqlServer;

/// <summary>
/// Microsoft's own T-SQL parser (ScriptDom) over a script or statement. Two grammars: the newest the package has
/// (18.0) and SQL Server 2022 (16.0), the oldest version the service is meant to run on, so syntax newer than that
/// fails too. QUOTED_IDENTIFIER is on, as SqlClient sets it. The parser understands GO, which is where DbUp's SQL
/// Server provider splits a script into batches, so a whole file is parsed as DbUp would send it.
/// </summary>
internal static class TSqlCheck
{
    private static IEnumerable<TSqlParser> Parsers()
    {
        yield return new TSql180Parser(initialQuotedIdentifiers: true);
        yield return new TSql160Parser(initialQuotedIdentifiers: true);
    }

    /// <summary>Each parse error as "name(line,column): parser error N: text"; empty when both grammars accept it.</summary>
    public static IReadOnlyList<string> Errors(string name, string sql)
    {
        var problems = new List<string>();
        foreach (var parser in Parsers())
        {
            using var reader = new StringReader(sql);
            parser.Parse(reader, out var errors);
            problems.AddRange(errors.Select(e =>
                $"{name}({e.Line},{e.Column}): {parser.GetType().Name} error {e.Number}: {e.Message}"));
        }

        return problems;
    }
}
