using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Dapper;

namespace Attendance.Data.Schedule;

/// <summary>The fields of a punch the day evaluation needs (no findings, no photo): cheap to load for everyone.</summary>
public sealed record DayPunchRecord(
    long Id,
    string UserId,
    PunchKind Kind,
    DateTimeOffset CaptureTime,
    DateOnly WorkDate,
    PunchVerdict Verdict,
    string? Decision,
    bool IsField,
    bool IsLocationException,
    string Source)
{
    public bool Counts => Decision == Punches.PunchDecisions.Approved || (Verdict == PunchVerdict.Accepted && Decision != Punches.PunchDecisions.Rejected);

    public bool AwaitsReview => Verdict == PunchVerdict.Review && Decision is null;
}

/// <summary>Bulk reads for day evaluation: one query per table for a whole date range, never one per employee.</summary>
public sealed class DayInputRepository(ConnectionFactory factory)
{
    /// <summary>Employees who may have a working day in [from, to]: active ones, and inactive ones who left on or
    /// after <paramref name="from"/>. With <paramref name="userId"/>, only that employee.</summary>
    public async Task<IReadOnlyList<Employee>> ListEmployeesAsync(DateOnly from, string? userId = null, CancellationToken cancellationToken = default)
    {
        var where = userId is null ? "(e.active = @active OR e.left_on >= @from)" : "e.user_id = @userId";
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<EmployeeRow>(new CommandDefinition(
            $"SELECT e.user_id, e.name, e.main_department_id, e.active, e.joined_on, e.left_on FROM employees e WHERE {where} ORDER BY e.user_id",
            new { active = true, from, userId }, cancellationToken: cancellationToken));
        var departments = (await connection.QueryAsync<(string UserId, long DepartmentId)>(new CommandDefinition(
                $"SELECT x.user_id, x.department_id FROM employee_departments x JOIN employees e ON e.user_id = x.user_id WHERE {where} ORDER BY x.department_id",
                new { active = true, from, userId }, cancellationToken: cancellationToken)))
            .ToLookup(x => x.UserId, x => x.DepartmentId);
        return [.. rows.Select(r => new Employee(r.UserId, r.Name, [.. departments[r.UserId]], r.MainDepartmentId, [], r.Active, [Role.Employee], r.JoinedOn, r.LeftOn))];
    }

    /// <summary>Punches of work dates [from, to], by user then time.</summary>
    public async Task<IReadOnlyList<DayPunchRecord>> ListPunchesAsync(DateOnly from, DateOnly to, string? userId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PunchFactsRow>(new CommandDefinition(
            "SELECT id, user_id, kind, capture_time, work_date, verdict, decision, is_field, is_location_exception, source FROM punches " +
            "WHERE work_date >= @from AND work_date <= @to" + (userId is null ? "" : " AND user_id = @userId") + " ORDER BY user_id, capture_time, id",
            new { from, to, userId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToFacts())];
    }

    private sealed class EmployeeRow
    {
        public string UserId { get; init; } = "";

        public string Name { get; init; } = "";

        public long MainDepartmentId { get; init; }

        public bool Active { get; init; }

        public DateOnly? JoinedOn { get; init; }

        public DateOnly? LeftOn { get; init; }
    }

    private sealed class PunchFactsRow
    {
        public long Id { get; init; }

        public string UserId { get; init; } = "";

        public string Kind { get; init; } = "";

        public DateTimeOffset CaptureTime { get; init; }

        public DateOnly WorkDate { get; init; }

        public string Verdict { get; init; } = "";

        public string? Decision { get; init; }

        public bool IsField { get; init; }

        public bool IsLocationException { get; init; }

        public string Source { get; init; } = "";

        public DayPunchRecord ToFacts() => new(Id, UserId, Kind switch { "in" => PunchKind.In, "out" => PunchKind.Out, _ => PunchKind.Auto },
            CaptureTime, WorkDate, Verdict switch { "accepted" => PunchVerdict.Accepted, "review" => PunchVerdict.Review, _ => PunchVerdict.Rejected },
            Decision, IsField, IsLocationException, Source);
    }
}
