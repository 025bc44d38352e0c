using System.Data.Common;
using Attendance.Rules.Directory;
using Dapper;

namespace Attendance.Data.Repositories;

public sealed class DepartmentRepository(ConnectionFactory factory, TimeProvider time) : ChangeCountingRepository
{
    private static readonly string[] Columns =
        ["id", "name", "parent_id", "digest_robot_key", "digest_chat_id", "digest_cron", "digest_time_zone", "created_at", "updated_at"];

    public Task<UpsertOutcome> UpsertAsync(Department department, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = await LoadAsync(connection, transaction, department.Id, cancellationToken);
            if (existing is not null && DataJson.Serialize(existing) == DataJson.Serialize(department))
            {
                return UpsertOutcome.Unchanged;
            }

            var now = time.GetUtcNow();
            var d = department.Digest;
            await connection.ExecuteAsync(factory.Dialect.Upsert("departments", ["id"], Columns), new
            {
                id = department.Id,
                name = department.Name,
                parent_id = department.ParentId,
                digest_robot_key = d.RobotKey,
                digest_chat_id = d.ChatId,
                digest_cron = d.Cron,
                digest_time_zone = d.TimeZone,
                created_at = now,
                updated_at = now,
            }, transaction);
            await connection.ExecuteAsync("DELETE FROM department_leaders WHERE department_id = @id", new { id = department.Id }, transaction);
            await connection.ExecuteAsync("INSERT INTO department_leaders (department_id, user_id) VALUES (@department_id, @user_id)",
                department.LeaderUserIds.Select(u => new { department_id = department.Id, user_id = u }), transaction);

            // The robot key is a secret: the audit trail records that it is set, never its value.
            var audited = department with { Digest = d with { RobotKey = d.RobotKey is null ? null : "(set)" } };
            var outcome = existing is null ? UpsertOutcome.Created : UpsertOutcome.Updated;
            await AuditRepository.AppendAsync(connection, transaction, now, actor,
                outcome == UpsertOutcome.Created ? "department.create" : "department.update", "department",
                department.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), DataJson.Serialize(audited));
            return outcome;
        }, cancellationToken));

    public async Task<Department?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return await LoadAsync(connection, null, id, cancellationToken);
    }

    public async Task<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<DepartmentRow>(new CommandDefinition(
            $"SELECT {string.Join(", ", Columns)} FROM departments ORDER BY id", cancellationToken: cancellationToken));
        var leaders = (await connection.QueryAsync<(long DepartmentId, string UserId)>(new CommandDefinition(
                "SELECT department_id, user_id FROM department_leaders ORDER BY department_id, user_id", cancellationToken: cancellationToken)))
            .ToLookup(l => l.DepartmentId, l => l.UserId);
        return [.. rows.Select(r => r.ToDepartment([.. leaders[r.Id]]))];
    }

    public Task<bool> DeleteAsync(long id, string actor, CancellationToken cancellationToken = default) =>
        CountedAsync(factory.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("DELETE FROM department_leaders WHERE department_id = @id", new { id }, transaction);
            var deleted = await connection.ExecuteAsync("DELETE FROM departments WHERE id = @id", new { id }, transaction) > 0;
            if (deleted)
            {
                await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "department.delete", "department",
                    id.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
            }

            return deleted;
        }, cancellationToken));

    private static async Task<Department?> LoadAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<DepartmentRow>(new CommandDefinition(
            $"SELECT {string.Join(", ", Columns)} FROM departments WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var leaders = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT user_id FROM department_leaders WHERE department_id = @id ORDER BY user_id", new { id }, transaction, cancellationToken: cancellationToken));
        return row.ToDepartment([.. leaders]);
    }

    private sealed class DepartmentRow
    {
        public long Id { get; init; }

        public string Name { get; init; } = "";

        public long? ParentId { get; init; }

        public string? DigestRobotKey { get; init; }

        public string? DigestChatId { get; init; }

        public string? DigestCron { get; init; }

        public string? DigestTimeZone { get; init; }

        public Department ToDepartment(string[] leaders) =>
            new(Id, Name, ParentId, leaders, new DigestSettings(DigestRobotKey, DigestChatId, DigestCron, DigestTimeZone));
    }
}
