using System.Collections.Concurrent;
using System.Globalization;
using Attendance.Data.Dialects;
using Attendance.Data.Punches;
using Attendance.Rules.Punching;

namespace Attendance.Data.Postgres;

/// <summary>
/// PostgreSQL: a punch and its findings in one statement (the findings' insert in a WITH over the punch's), so storing
/// a punch is one round trip, and one statement is one transaction. The writer runs it; the storm bench's PostgreSQL
/// floor prepares the same text and binds the same values.
/// </summary>
public static class PostgresPunchInsert
{
    private static readonly ConcurrentDictionary<int, (string Sql, string[] Names)> Statements = new();

    /// <summary>The statement for a punch with <paramref name="findings"/> findings; it yields the new id, or no row when the
    /// (user, client punch id) is taken, and then stores no finding either.</summary>
    public static string Sql(int findings) => Statements.GetOrAdd(findings, Build).Sql;

    /// <summary>The parameter names of <see cref="Sql"/>, in the order of <see cref="Values"/>.</summary>
    public static IReadOnlyList<string> ParameterNames(int findings) => Statements.GetOrAdd(findings, Build).Names;

    public static object?[] Values(StoredPunch punch) =>
        [.. PunchColumns.Values(punch), .. punch.Findings.SelectMany(f => (object?[])[f.Code, f.Severity.ToWire(), f.Message])];

    private static (string Sql, string[] Names) Build(int findings)
    {
        var punch = PostgresDialect.Instance.InsertIgnoreDuplicateReturningId("punches", PunchColumns.InsertArray, ["user_id", "client_punch_id"])
            ?? throw new InvalidOperationException("PostgreSQL inserts punches with INSERT … ON CONFLICT DO NOTHING RETURNING id");
        string[] names = [.. PunchColumns.Insert, .. Enumerable.Range(0, findings).SelectMany(i => (string[])[$"c{i}", $"s{i}", $"m{i}"])];
        if (findings == 0)
        {
            return (punch, names);
        }

        var rows = string.Join(", ", Enumerable.Range(0, findings).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, @c{i}, @s{i}, @m{i})")));
        return ($"""
            WITH p AS ({punch}),
            f AS (INSERT INTO punch_findings (punch_id, ordinal, code, severity, message)
                  SELECT p.id, v.ordinal, v.code, v.severity, v.message FROM p CROSS JOIN (VALUES {rows}) AS v (ordinal, code, severity, message))
            SELECT id FROM p
            """, names);
    }
}
