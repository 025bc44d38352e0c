using System.Data.Common;
using Attendance.Rules.Punching;
using Attendance.Data.Sqlite;
using Dapper;

namespace Attendance.Data.Punches;

/// <summary>
/// Punches and their findings, written together in one transaction (never a punch without its findings), idempotent
/// on (user, client punch id). Extra rows that must commit with the punch (outbox alerts) are added by
/// <c>alongside</c> inside the same transaction.
/// </summary>
public sealed class PunchRepository(ConnectionFactory factory, PunchWindow? window = null) : IDisposable
{
    private readonly IPunchWriter _writer = PunchWriters.For(factory, window);

    public async Task<PunchInsertResult> InsertAsync(StoredPunch punch,
        Func<DbConnection, DbTransaction, long, Task>? alongside = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _writer.InsertAsync(punch, alongside, cancellationToken);
        }
        catch (DbException)
        {
            // Two submissions of one id raced past the existence check; the unique index let one in.
            var raced = await GetAsync(punch.UserId, punch.ClientPunchId, cancellationToken);
            if (raced is null)
            {
                throw;
            }

            return PunchStatements.Compare(raced, punch);
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>Punches waiting for the SQLite group commit; always 0 on the other databases.</summary>
    internal int QueuedPunches => _writer.Queued;

    public async Task<StoredPunch?> GetAsync(string userId, string clientPunchId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await PunchStatements.LoadOneAsync(connection, null, userId, clientPunchId, cancellationToken);
    }

    /// <summary>One employee's punches of one work date, oldest first.</summary>
    public Task<IReadOnlyList<StoredPunch>> ListForUserAsync(string userId, DateOnly workDate, CancellationToken cancellationToken = default) =>
        QueryAsync("p.user_id = @userId AND p.work_date = @workDate", new { userId, workDate }, cancellationToken);

    /// <summary>Everyone's punches of a range of work dates (day evaluation, reports), by user then time.</summary>
    public Task<IReadOnlyList<StoredPunch>> ListForWorkDatesAsync(DateOnly from, DateOnly to, CancellationToken cancellationToken = default) =>
        QueryAsync("p.work_date >= @from AND p.work_date <= @to", new { from, to }, cancellationToken);

    public async Task<StoredPunch?> GetByIdAsync(long punchId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("p.id = @punchId", new { punchId }, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Punches the rules sent to review, of work dates [from, to] (open-ended when null): undecided ones only, decided
    /// ones only, or both (<paramref name="decided"/> null). Callers filter by scope and page; review is the exception,
    /// so these lists stay small.
    /// </summary>
    public Task<IReadOnlyList<StoredPunch>> ListReviewedAsync(bool? decided, DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        var where = "p.verdict = 'review'" + decided switch { true => " AND p.decision IS NOT NULL", false => " AND p.decision IS NULL", _ => "" }
                    + (from is null ? "" : " AND p.work_date >= @from") + (to is null ? "" : " AND p.work_date <= @to");
        return QueryAsync(where, new { from, to }, cancellationToken);
    }

    private async Task<IReadOnlyList<StoredPunch>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<PunchRow>(new CommandDefinition(
            $"SELECT {string.Join(", ", PunchColumns.Select.Split(", ").Select(c => "p." + c))} FROM punches p WHERE {where} ORDER BY p.user_id, p.capture_time, p.id",
            parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var findings = (await connection.QueryAsync<FindingRow>(new CommandDefinition(
                $"SELECT f.punch_id, f.code, f.severity, f.message FROM punch_findings f JOIN punches p ON p.id = f.punch_id WHERE {where} ORDER BY f.punch_id, f.ordinal",
                parameters, cancellationToken: cancellationToken)))
            .ToLookup(f => f.PunchId, f => f.ToFinding());
        return [.. rows.Select(r => r.ToPunch([.. findings[r.Id]]))];
    }
}
