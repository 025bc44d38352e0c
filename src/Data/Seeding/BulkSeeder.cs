using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Dapper;

namespace Attendance.Data.Seeding;

/// <summary>
/// Fills an empty database fast, for the benchmarks' companies of tens of thousands of people and punches: one
/// transaction and one prepared statement per table instead of a repository call (and an audit row) per person. The
/// columns and their values come from the repositories' own lists (<see cref="PunchColumns"/>, the employee columns),
/// so a seeded row is the row the service would have written. Nothing in the service calls it.
/// </summary>
public sealed class BulkSeeder(ConnectionFactory factory, TimeProvider time)
{
    /// <summary>New employees with their departments and leaders; the departments must exist.</summary>
    public Task<int> InsertEmployeesAsync(IReadOnlyList<Employee> employees, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            var columns = EmployeeRepository.Columns;
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO employees ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "@" + c))})",
                employees.Select(e => new
                {
                    user_id = e.UserId, name = e.Name, main_department_id = e.MainDepartmentId, active = e.Active,
                    roles = EmployeeRepository.RolesText(e.Roles), joined_on = e.JoinedOn, left_on = e.LeftOn, created_at = now, updated_at = now,
                }), transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO employee_departments (user_id, department_id) VALUES (@user_id, @department_id)",
                employees.SelectMany(e => e.DepartmentIds.Select(d => new { user_id = e.UserId, department_id = d })), transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("INSERT INTO employee_leaders (user_id, leader_user_id) VALUES (@user_id, @leader_user_id)",
                employees.SelectMany(e => e.DirectLeaderUserIds.Select(l => new { user_id = e.UserId, leader_user_id = l })), transaction,
                cancellationToken: cancellationToken));
            return employees.Count;
        }, cancellationToken);

    /// <summary>Department leaders, as the directory sync records them.</summary>
    public Task<int> InsertDepartmentLeadersAsync(IEnumerable<(long DepartmentId, string UserId)> leaders, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync((connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO department_leaders (department_id, user_id) VALUES (@department_id, @user_id)",
            leaders.Select(l => new { department_id = l.DepartmentId, user_id = l.UserId }), transaction, cancellationToken: cancellationToken)),
            cancellationToken);

    /// <summary>New punches with their findings, each as <see cref="PunchRepository"/> would store it.</summary>
    public Task<int> InsertPunchesAsync(IReadOnlyList<StoredPunch> punches, CancellationToken cancellationToken = default) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var insert = factory.Dialect.InsertReturningId("punches", PunchColumns.InsertArray);
            foreach (var punch in punches)
            {
                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(insert,
                    PunchStatements.Parameters(PunchColumns.Insert, PunchColumns.Values(punch)), transaction, cancellationToken: cancellationToken));
                if (punch.Findings.Count > 0)
                {
                    await connection.ExecuteAsync(new CommandDefinition(PunchStatements.FindingsSql(punch.Findings.Count),
                        PunchStatements.Parameters(PunchStatements.FindingParameterNames(punch.Findings.Count), PunchStatements.FindingValues(id, punch.Findings)),
                        transaction, cancellationToken: cancellationToken));
                }
            }

            return punches.Count;
        }, cancellationToken);
}
