using System.Data.Common;
using Attendance.Data.Repositories;
using Attendance.Rules.Schedule;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>What adding an assignment did: the stored assignment, or the Chinese reason it clashes.</summary>
public sealed record AssignmentAddResult(Assignment? Stored, string? Conflict);

/// <summary>What <see cref="AssignmentRepository.SetDaysAsync"/> did: assignments stored and deleted (cut ones count
/// as deleted, their kept pieces as stored).</summary>
public sealed record DayRosterWrite(int Created, int Deleted);

public sealed class AssignmentRepository(ConnectionFactory factory, TimeProvider time) : ChangeCountingRepository
{
    private static readonly string[] Columns = ["user_id", "department_id", "shift_id", "from_date", "to_date", "weekdays", "created_at"];

    private const string Select = "SELECT id, user_id, department_id, shift_id, from_date, to_date, weekdays FROM assignments";

    /// <summary>Stores the assignment unless it overlaps one of the same owner (checked in the same transaction).</summary>
    public Task<AssignmentAddResult> AddAsync(Assignment assignment, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var sameOwner = await QueryAsync(connection, transaction,
                assignment.UserId is not null ? "user_id = @UserId" : "department_id = @DepartmentId AND user_id IS NULL",
                new { assignment.UserId, assignment.DepartmentId }, cancellationToken);
            if (AssignmentOverlap.Check(assignment, sameOwner) is { } conflict)
            {
                return new AssignmentAddResult(null, conflict);
            }

            var stored = await InsertAsync(connection, transaction, assignment, actor, time.GetUtcNow());
            return new AssignmentAddResult(stored, null);
        }, cancellationToken));

    /// <summary>
    /// Sets people's own roster day by day (<see cref="DayRoster"/>) in one transaction: each person's assignments are
    /// read inside it, cut around the given dates and the new ones stored, each with its audit row, plus one summary
    /// row <paramref name="action"/> on (<c>roster</c>, <paramref name="entityId"/>) whose details are
    /// <paramref name="details"/> with <c>assignmentsCreated</c> and <c>assignmentsDeleted</c> added.
    /// </summary>
    public Task<DayRosterWrite> SetDaysAsync(IReadOnlyDictionary<string, IReadOnlyDictionary<DateOnly, string?>> days, string actor, string action,
        string entityId, IReadOnlyDictionary<string, object?> details, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            int created = 0, deleted = 0;
            foreach (var (userId, dates) in days)
            {
                var own = await QueryAsync(connection, transaction, "user_id = @userId", new { userId }, cancellationToken);
                var change = DayRoster.Plan(userId, own, dates);
                foreach (var gone in change.Removed)
                {
                    await connection.ExecuteAsync(new CommandDefinition("DELETE FROM assignments WHERE id = @id", new { id = gone.Id }, transaction,
                        cancellationToken: cancellationToken));
                    await AuditRepository.AppendAsync(connection, transaction, now, actor, "assignment.delete", "assignment",
                        gone.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), DataJson.Serialize(gone.ToSpec()));
                    deleted++;
                }

                foreach (var assignment in change.Added)
                {
                    await InsertAsync(connection, transaction, assignment, actor, now);
                    created++;
                }
            }

            var summary = new Dictionary<string, object?>(details, StringComparer.Ordinal)
            {
                ["assignmentsCreated"] = created,
                ["assignmentsDeleted"] = deleted,
            };
            await AuditRepository.AppendAsync(connection, transaction, now, actor, action, "roster", entityId, DataJson.Serialize(summary));
            return new DayRosterWrite(created, deleted);
        }, cancellationToken));

    public async Task<IReadOnlyList<Assignment>> ListAsync(string? userId = null, long? departmentId = null, CancellationToken cancellationToken = default)
    {
        var where = userId is not null ? "user_id = @userId" : departmentId is not null ? "department_id = @departmentId AND user_id IS NULL" : "1 = 1";
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, where, new { userId, departmentId }, cancellationToken);
    }

    public async Task<Assignment?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await QueryAsync(connection, null, "id = @id", new { id }, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The deleted assignment, or null when there was none with this id.</summary>
    public Task<Assignment?> DeleteAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = (await QueryAsync(connection, transaction, "id = @id", new { id }, cancellationToken)).SingleOrDefault();
            if (existing is null)
            {
                return null;
            }

            await connection.ExecuteAsync("DELETE FROM assignments WHERE id = @id", new { id }, transaction);
            await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "assignment.delete", "assignment",
                id.ToString(System.Globalization.CultureInfo.InvariantCulture), DataJson.Serialize(existing.ToSpec()));
            return existing;
        }, cancellationToken));

    private async Task<Assignment> InsertAsync(DbConnection connection, DbTransaction transaction, Assignment assignment, string actor, DateTimeOffset now)
    {
        var spec = assignment.ToSpec();
        var id = await connection.ExecuteScalarAsync<long>(factory.Dialect.InsertReturningId("assignments", Columns), new
        {
            user_id = assignment.UserId,
            department_id = assignment.DepartmentId,
            shift_id = assignment.ShiftId,
            from_date = assignment.From,
            to_date = assignment.To,
            weekdays = spec.Weekdays is null ? null : DataJson.Serialize(spec.Weekdays),
            created_at = now,
        }, transaction);
        await AuditRepository.AppendAsync(connection, transaction, now, actor, "assignment.create", "assignment",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), DataJson.Serialize(spec));
        return assignment with { Id = id };
    }

    private static async Task<List<Assignment>> QueryAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters,
        CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<AssignmentRow>(new CommandDefinition(
            $"{Select} WHERE {where} ORDER BY id", parameters, transaction, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToAssignment())];
    }

    private sealed class AssignmentRow
    {
        public long Id { get; init; }

        public string? UserId { get; init; }

        public long? DepartmentId { get; init; }

        public string? ShiftId { get; init; }

        public DateOnly FromDate { get; init; }

        public DateOnly? ToDate { get; init; }

        public string? Weekdays { get; init; }

        public Assignment ToAssignment()
        {
            var mask = Assignment.AllWeekdays;
            if (Weekdays is not null)
            {
                mask = 0;
                foreach (var d in DataJson.Deserialize<int[]>(Weekdays))
                {
                    mask |= 1 << (d - 1);
                }
            }

            return new Assignment(UserId, DepartmentId, ShiftId, FromDate, ToDate, mask, Weekdays is null, Id);
        }
    }
}
