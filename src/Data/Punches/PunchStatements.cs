using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>The statements both punch writers and the repository's reads share.</summary>
internal static class PunchStatements
{
    /// <summary>The multi-row findings insert for each number of findings, built once.</summary>
    private static readonly ConcurrentDictionary<int, (string Sql, string[] Names)> FindingStatements = new();

    public static PunchInsertResult Compare(StoredPunch existing, StoredPunch attempted) =>
        new(existing.PayloadHash == attempted.PayloadHash ? PunchInsertOutcome.Replayed : PunchInsertOutcome.Conflict, existing);

    public static async Task<StoredPunch?> LoadOneAsync(DbConnection connection, DbTransaction? transaction, string userId, string clientPunchId,
        CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<PunchRow>(new CommandDefinition(
            $"SELECT {PunchColumns.Select} FROM punches WHERE user_id = @userId AND client_punch_id = @clientPunchId",
            new { userId, clientPunchId }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var findings = await connection.QueryAsync<FindingRow>(new CommandDefinition(
            "SELECT punch_id, code, severity, message FROM punch_findings WHERE punch_id = @id ORDER BY ordinal",
            new { id = row.Id }, transaction, cancellationToken: cancellationToken));
        return row.ToPunch([.. findings.Select(f => f.ToFinding())]);
    }

    public static string FindingsSql(int count) => FindingStatements.GetOrAdd(count, BuildFindingStatement).Sql;

    public static string[] FindingParameterNames(int count) => FindingStatements.GetOrAdd(count, BuildFindingStatement).Names;

    public static object?[] FindingValues(long punchId, IReadOnlyList<PunchFinding> findings) =>
        [punchId, .. findings.SelectMany(f => (object?[])[f.Code, f.Severity.ToWire(), f.Message])];

    public static DynamicParameters Parameters(IReadOnlyList<string> names, object?[] values)
    {
        var parameters = new DynamicParameters();
        for (var i = 0; i < names.Count; i++)
        {
            parameters.Add(names[i], values[i]);
        }

        return parameters;
    }

    private static (string Sql, string[] Names) BuildFindingStatement(int count) => (
        "INSERT INTO punch_findings (punch_id, ordinal, code, severity, message) VALUES " + string.Join(", ",
            Enumerable.Range(0, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"(@punch_id, {i}, @c{i}, @s{i}, @m{i})"))),
        ["punch_id", .. Enumerable.Range(0, count).SelectMany(i => (string[])[$"c{i}", $"s{i}", $"m{i}"])]);
}
