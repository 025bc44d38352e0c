using System.Globalization;
using Attendance.Data.Repositories;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Schedule;

public static class CorrectionStates
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>A 补卡 request: the employee says they were there at <see cref="Time"/>; approved, it counts as a punch.</summary>
public sealed record Correction(
    long Id,
    string UserId,
    DateOnly WorkDate,
    PunchKind Kind,
    DateTimeOffset Time,
    string Reason,
    string State,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    DateTimeOffset CreatedAt)
{
    /// <summary>The same request with its times in <paramref name="zone"/> (the company's), as the API shows times:
    /// read back from the database they are UTC, and a page showing the clock of 01:00+00:00 says 01:00, not 09:00.</summary>
    public Correction InZone(TimeZoneInfo zone) => this with
    {
        Time = TimeZoneInfo.ConvertTime(Time, zone),
        DecidedAt = DecidedAt is { } decided ? TimeZoneInfo.ConvertTime(decided, zone) : null,
        CreatedAt = TimeZoneInfo.ConvertTime(CreatedAt, zone),
    };
}

public sealed class CorrectionRepository(ConnectionFactory factory, TimeProvider time)
{
    private static readonly string[] Columns = ["user_id", "work_date", "kind", "punch_time", "reason", "state", "created_at"];

    private const string Select = "SELECT id, user_id, work_date, kind, punch_time, reason, state, decided_by, decided_at, created_at FROM corrections";

    public Task<Correction> AddAsync(Correction correction, string actor, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            var id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("corrections", Columns), new
            {
                user_id = correction.UserId,
                work_date = correction.WorkDate,
                kind = correction.Kind.ToWire(),
                punch_time = correction.Time,
                reason = correction.Reason,
                state = CorrectionStates.Pending,
                created_at = now,
            }, transaction);
            var stored = correction with { Id = id, State = CorrectionStates.Pending, CreatedAt = now };
            await AuditRepository.AppendAsync(connection, transaction, now, actor, "correction.create", "correction",
                id.ToString(CultureInfo.InvariantCulture), DataJson.Serialize(new { stored.UserId, stored.WorkDate, kind = correction.Kind.ToWire(), stored.Time, stored.Reason }));
            return stored;
        }, cancellationToken);

    public async Task<Correction?> GetAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("id = @id", new { id }, cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<Correction>> ListForUserAsync(string userId, CancellationToken cancellationToken = default) =>
        QueryAsync("user_id = @userId", new { userId }, cancellationToken);

    /// <summary>Ids of pending requests, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<long>> PendingIdsAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM corrections WHERE state = @pending ORDER BY id" + factory.Dialect.Page("limit", "offset"),
            new { pending = CorrectionStates.Pending, limit, offset = 0 }, cancellationToken: cancellationToken))];
    }

    /// <summary>Requests that use up the monthly allowance: pending or approved, for work dates in [from, to].</summary>
    public async Task<int> CountActiveAsync(string userId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM corrections WHERE user_id = @userId AND work_date >= @from AND work_date <= @to AND state <> @rejected",
            new { userId, from, to, rejected = CorrectionStates.Rejected }, cancellationToken: cancellationToken));
    }

    public Task<IReadOnlyList<Correction>> ListApprovedAsync(DateOnly from, DateOnly to, string? userId = null, CancellationToken cancellationToken = default) =>
        QueryAsync("work_date >= @from AND work_date <= @to AND state = @approved" + (userId is null ? "" : " AND user_id = @userId"),
            new { from, to, userId, approved = CorrectionStates.Approved }, cancellationToken);

    /// <summary>Requests in <paramref name="state"/> (null: any) for work dates in [from, to] (either end open), ordered by work date.</summary>
    public Task<IReadOnlyList<Correction>> ListAsync(string? state, DateOnly? from, DateOnly? to, CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "1 = 1" };
        if (state is not null)
        {
            where.Add("state = @state");
        }

        if (from is not null)
        {
            where.Add("work_date >= @from");
        }

        if (to is not null)
        {
            where.Add("work_date <= @to");
        }

        return QueryAsync(string.Join(" AND ", where), new { state, from, to }, cancellationToken);
    }

    /// <summary>Approves or rejects a pending request; null when there is none pending with this id.</summary>
    public Task<Correction?> DecideAsync(long id, bool approve, string actor, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            var state = approve ? CorrectionStates.Approved : CorrectionStates.Rejected;
            var changed = await connection.ExecuteAsync(
                "UPDATE corrections SET state = @state, decided_by = @actor, decided_at = @now WHERE id = @id AND state = @pending",
                new { id, state, actor, now, pending = CorrectionStates.Pending }, transaction);
            if (changed == 0)
            {
                return null;
            }

            await AuditRepository.AppendAsync(connection, transaction, now, actor, approve ? "correction.approve" : "correction.reject",
                "correction", id.ToString(CultureInfo.InvariantCulture), null);
            var row = await connection.QuerySingleAsync<CorrectionRow>(new CommandDefinition($"{Select} WHERE id = @id", new { id }, transaction,
                cancellationToken: cancellationToken));
            return row.ToCorrection();
        }, cancellationToken);

    private async Task<IReadOnlyList<Correction>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<CorrectionRow>(new CommandDefinition(
            $"{Select} WHERE {where} ORDER BY work_date, punch_time, id", parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToCorrection())];
    }

    private sealed class CorrectionRow
    {
        public long Id { get; init; }

        public string UserId { get; init; } = "";

        public DateOnly WorkDate { get; init; }

        public string Kind { get; init; } = "";

        public DateTimeOffset PunchTime { get; init; }

        public string Reason { get; init; } = "";

        public string State { get; init; } = "";

        public string? DecidedBy { get; init; }

        public DateTimeOffset? DecidedAt { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public Correction ToCorrection() => new(Id, UserId, WorkDate, Kind == "out" ? PunchKind.Out : PunchKind.In, PunchTime, Reason, State,
            DecidedBy, DecidedAt, CreatedAt);
    }
}
