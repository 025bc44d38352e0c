using System.Globalization;
using Attendance.Data.Repositories;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>A leave record entered by HR (approved when entered), as an interval of instants.</summary>
public sealed record LeaveRecord(long Id, string UserId, DateTimeOffset From, DateTimeOffset To, string Kind, bool Approved);

public sealed class LeaveRepository(ConnectionFactory factory, TimeProvider time)
{
    private static readonly string[] Columns = ["user_id", "from_time", "to_time", "kind", "approved", "created_by", "created_at"];

    private const string Select = "SELECT id, user_id, from_time, to_time, kind, approved FROM leaves";

    public Task<LeaveRecord> AddAsync(LeaveRecord leave, string actor, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            var id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("leaves", Columns), new
            {
                user_id = leave.UserId,
                from_time = leave.From,
                to_time = leave.To,
                kind = leave.Kind,
                approved = leave.Approved,
                created_by = actor,
                created_at = now,
            }, transaction);
            var stored = leave with { Id = id };
            await AuditRepository.AppendAsync(connection, transaction, now, actor, "leave.create", "leave",
                id.ToString(CultureInfo.InvariantCulture), DataJson.Serialize(stored));
            return stored;
        }, cancellationToken);

    public Task<LeaveRecord?> DeleteAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await connection.QuerySingleOrDefaultAsync<LeaveRow>(new CommandDefinition(
                $"{Select} WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
            if (existing is null)
            {
                return null;
            }

            await connection.ExecuteAsync("DELETE FROM leaves WHERE id = @id", new { id }, transaction);
            await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "leave.delete", "leave",
                id.ToString(CultureInfo.InvariantCulture), null);
            return existing.ToLeave();
        }, cancellationToken);

    /// <summary>Approved leave overlapping [from, to), everyone's or one employee's.</summary>
    public async Task<IReadOnlyList<LeaveRecord>> ListOverlappingAsync(DateTimeOffset from, DateTimeOffset to, string? userId = null,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<LeaveRow>(new CommandDefinition(
            $"{Select} WHERE from_time < @to AND to_time > @from" + (userId is null ? "" : " AND user_id = @userId") + " ORDER BY user_id, from_time",
            new { from, to, userId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToLeave())];
    }

    private sealed class LeaveRow
    {
        public long Id { get; init; }

        public string UserId { get; init; } = "";

        public DateTimeOffset FromTime { get; init; }

        public DateTimeOffset ToTime { get; init; }

        public string Kind { get; init; } = "";

        public bool Approved { get; init; }

        public LeaveRecord ToLeave() => new(Id, UserId, FromTime, ToTime, Kind, Approved);
    }
}
