using System.Data.Common;
using Attendance.Rules.Directory;
using Dapper;

namespace Attendance.Data.Repositories;

/// <summary>
/// Filters of the employee list, combined with AND. <see cref="Name"/> is the exact name; <see cref="Search"/> a part of
/// the name or the userId, ignoring case (what HR types in a search box).
/// </summary>
public sealed record EmployeeQuery(long? DepartmentId = null, string? Name = null, bool? Active = null, int Limit = 500, int Offset = 0,
    string? Search = null)
{
    /// <summary>The LIKE pattern for <see cref="Search"/>, lower case, its wildcards escaped with '!'.</summary>
    public string? SearchPattern => Search is null ? null
        : "%" + Like.Escape(Search.ToLowerInvariant()) + "%";
}

public sealed class EmployeeRepository(ConnectionFactory factory, TimeProvider time)
{
    internal static readonly string[] Columns =
        ["user_id", "name", "main_department_id", "active", "roles", "joined_on", "left_on", "created_at", "updated_at"];

    private static readonly string SelectColumns = string.Join(", ", Columns.Take(7).Select(c => "e." + c));

    private long _localChanges;

    /// <summary>
    /// Counts committed changes made through this instance, so in-process caches of employees (the punch path's) can
    /// tell at once that what they hold may be stale. Changes on another host are not seen here.
    /// </summary>
    public long LocalChanges => Interlocked.Read(ref _localChanges);

    public async Task<UpsertOutcome> UpsertAsync(Employee employee, string actor, CancellationToken cancellationToken = default) =>
        Counted(await UpsertOnceAsync(employee, actor, cancellationToken), o => o != UpsertOutcome.Unchanged);

    public async Task<bool> DeleteAsync(string userId, string actor, CancellationToken cancellationToken = default) =>
        Counted(await DeleteOnceAsync(userId, actor, cancellationToken), deleted => deleted);

    private T Counted<T>(T result, Func<T, bool> changed)
    {
        if (changed(result))
        {
            Interlocked.Increment(ref _localChanges);
        }

        return result;
    }

    private Task<UpsertOutcome> UpsertOnceAsync(Employee employee, string actor, CancellationToken cancellationToken) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var existing = (await LoadAsync(connection, transaction, "e.user_id = @userId", new { userId = employee.UserId }, cancellationToken))
                .SingleOrDefault();
            if (existing is not null && DataJson.Serialize(existing) == DataJson.Serialize(employee))
            {
                return UpsertOutcome.Unchanged;
            }

            var now = time.GetUtcNow();
            await connection.ExecuteAsync(factory.Dialect.Upsert("employees", ["user_id"], Columns), new
            {
                user_id = employee.UserId,
                name = employee.Name,
                main_department_id = employee.MainDepartmentId,
                active = employee.Active,
                roles = RolesText(employee.Roles),
                joined_on = employee.JoinedOn,
                left_on = employee.LeftOn,
                created_at = now,
                updated_at = now,
            }, transaction);
            var key = new { user_id = employee.UserId };
            await connection.ExecuteAsync("DELETE FROM employee_departments WHERE user_id = @user_id", key, transaction);
            await connection.ExecuteAsync("INSERT INTO employee_departments (user_id, department_id) VALUES (@user_id, @department_id)",
                employee.DepartmentIds.Select(d => new { user_id = employee.UserId, department_id = d }), transaction);
            await connection.ExecuteAsync("DELETE FROM employee_leaders WHERE user_id = @user_id", key, transaction);
            await connection.ExecuteAsync("INSERT INTO employee_leaders (user_id, leader_user_id) VALUES (@user_id, @leader_user_id)",
                employee.DirectLeaderUserIds.Select(l => new { user_id = employee.UserId, leader_user_id = l }), transaction);

            var outcome = existing is null ? UpsertOutcome.Created : UpsertOutcome.Updated;
            // Deactivation or a recorded departure ends the employee's sessions (admin PUT, directory sync and contact
            // events all come through here); the session checks refuse tokens issued before the stamp.
            if ((!employee.Active && existing is { Active: true }) || (employee.LeftOn is not null && existing is not null && existing.LeftOn != employee.LeftOn))
            {
                await SessionRevocationRepository.StampAsync(connection, transaction, factory.Dialect, employee.UserId, now);
            }

            if (!employee.Active)
            {
                await Face.FaceTemplateRepository.DeleteAsync(connection, transaction, now, actor, employee.UserId, "employee left");
            }

            await AuditRepository.AppendAsync(connection, transaction, now, actor,
                outcome == UpsertOutcome.Created ? "employee.create" : "employee.update", "employee", employee.UserId,
                DataJson.Serialize(employee));
            return outcome;
        }, cancellationToken);

    /// <summary>The user ids whose leader list names <paramref name="leader"/> (active or not).</summary>
    public async Task<IReadOnlyList<string>> DirectReportIdsAsync(string leader, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT user_id FROM employee_leaders WHERE leader_user_id = @leader ORDER BY user_id", new { leader }, cancellationToken: cancellationToken))];
    }

    public async Task<Employee?> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        return (await LoadAsync(connection, null, "e.user_id = @userId", new { userId }, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<Employee>> ListAsync(EmployeeQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string> { "1 = 1" };
        if (query.DepartmentId is not null)
        {
            where.Add("EXISTS (SELECT 1 FROM employee_departments x WHERE x.user_id = e.user_id AND x.department_id = @DepartmentId)");
        }

        if (query.Name is not null)
        {
            where.Add("e.name = @Name");
        }

        if (query.Search is not null)
        {
            where.Add("(LOWER(e.name) LIKE @SearchPattern ESCAPE '!' OR LOWER(e.user_id) LIKE @SearchPattern ESCAPE '!')");
        }

        if (query.Active is not null)
        {
            where.Add("e.active = @Active");
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        return await LoadAsync(connection, null, string.Join(" AND ", where), query, cancellationToken, page: true);
    }

    private Task<bool> DeleteOnceAsync(string userId, string actor, CancellationToken cancellationToken) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var key = new { user_id = userId };
            await connection.ExecuteAsync("DELETE FROM employee_departments WHERE user_id = @user_id", key, transaction);
            await connection.ExecuteAsync("DELETE FROM employee_leaders WHERE user_id = @user_id", key, transaction);
            var deleted = await connection.ExecuteAsync("DELETE FROM employees WHERE user_id = @user_id", key, transaction) > 0;
            if (deleted)
            {
                await Face.FaceTemplateRepository.DeleteAsync(connection, transaction, time.GetUtcNow(), actor, userId, "employee deleted");
                await SessionRevocationRepository.StampAsync(connection, transaction, factory.Dialect, userId, time.GetUtcNow());
                await AuditRepository.AppendAsync(connection, transaction, time.GetUtcNow(), actor, "employee.delete", "employee", userId, null);
            }

            return deleted;
        }, cancellationToken);

    private async Task<List<Employee>> LoadAsync(DbConnection connection, DbTransaction? transaction, string where, object parameters,
        CancellationToken cancellationToken, bool page = false)
    {
        var sql = $"SELECT {SelectColumns} FROM employees e WHERE {where} ORDER BY e.user_id" + (page ? factory.Dialect.Page("Limit", "Offset") : "");
        // Membership and leaders of just these employees, in two queries whatever the page size.
        // The ORDER BY only where it picks the page: SQL Server refuses an ORDER BY in a subquery without OFFSET or TOP.
        var inner = $"SELECT e.user_id FROM employees e WHERE {where}" + (page ? " ORDER BY e.user_id" + factory.Dialect.Page("Limit", "Offset") : "");
        // Paged, the page goes in a derived table: a LIMIT/OFFSET subquery straight under IN is not accepted everywhere.
        var subquery = page ? $"SELECT user_id FROM ({inner}) p" : inner;
        // The three in one round trip: on a server database each round trip is a wait and a wake-up on both sides, and
        // the punch path reads an employee for every first punch of the day.
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            $"""
            {sql};
            SELECT user_id, department_id FROM employee_departments WHERE user_id IN ({subquery}) ORDER BY department_id;
            SELECT user_id, leader_user_id FROM employee_leaders WHERE user_id IN ({subquery}) ORDER BY leader_user_id
            """,
            parameters, transaction, cancellationToken: cancellationToken));
        var rows = (await results.ReadAsync<EmployeeRow>()).ToList();
        var departments = (await results.ReadAsync<(string UserId, long DepartmentId)>()).ToLookup(x => x.UserId, x => x.DepartmentId);
        var leaders = (await results.ReadAsync<(string UserId, string LeaderUserId)>()).ToLookup(x => x.UserId, x => x.LeaderUserId);
        return [.. rows.Select(r => r.ToEmployee([.. departments[r.UserId]], [.. leaders[r.UserId]]))];
    }

    internal static string RolesText(IReadOnlyList<Role> roles) =>
        string.Join(",", roles.Select(r => r.ToString().ToLowerInvariant()));

    private sealed class EmployeeRow
    {
        public string UserId { get; init; } = "";

        public string Name { get; init; } = "";

        public long MainDepartmentId { get; init; }

        public bool Active { get; init; }

        public string Roles { get; init; } = "";

        public DateOnly? JoinedOn { get; init; }

        public DateOnly? LeftOn { get; init; }

        public Employee ToEmployee(long[] departments, string[] leaders) => new(
            UserId, Name, departments, MainDepartmentId, leaders, Active,
            [.. Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => Enum.Parse<Role>(r, ignoreCase: true))],
            JoinedOn, LeftOn);
    }
}
