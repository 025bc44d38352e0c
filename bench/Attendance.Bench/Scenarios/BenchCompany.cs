using System.Globalization;
using Attendance.Data;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Data.Seeding;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;

namespace Attendance.Bench.Scenarios;

/// <summary>
/// The benchmarks' companies, stored through the repositories (departments, shifts, rosters) and, for the tens of
/// thousands of people and punches, <see cref="BulkSeeder"/>: no SQL of the bench's own.
/// </summary>
internal sealed class BenchCompany(ConnectionFactory factory)
{
    private const string Actor = "bench";

    private readonly TimeProvider _time = TimeProvider.System;

    public Task DepartmentAsync(long id, string name, long? parentId, string? robotKey = null) =>
        new DepartmentRepository(factory, _time).UpsertAsync(new Department(id, name, parentId, [], new DigestSettings(robotKey, null, null, null)), Actor);

    /// <summary>A shift by its spec (validated as the API validates it) and the department's roster from 2026-01-01.</summary>
    public async Task ShiftForDepartmentAsync(string id, ShiftSpec spec, long departmentId)
    {
        var errors = new FieldErrors();
        var shift = ShiftValidator.Validate(id, spec, errors) ?? throw new InvalidOperationException("bench shift refused: " + Describe(errors));
        await new ShiftRepository(factory, _time).UpsertAsync(shift, Actor);
        var assignment = AssignmentValidator.Validate(new AssignmentSpec(null, departmentId, id, new DateOnly(2026, 1, 1), null, null), errors)
            ?? throw new InvalidOperationException("bench roster refused: " + Describe(errors));
        await new AssignmentRepository(factory, _time).AddAsync(assignment, Actor);
    }

    private static string Describe(FieldErrors errors) => string.Join("; ", errors.Items.Select(e => e.ToString()));

    public Task PeopleAsync(IReadOnlyList<Employee> people) => new BulkSeeder(factory, _time).InsertEmployeesAsync(people);

    public Task LeadersAsync(IEnumerable<(long DepartmentId, string UserId)> leaders) => new BulkSeeder(factory, _time).InsertDepartmentLeadersAsync(leaders);

    public Task PunchesAsync(IReadOnlyList<StoredPunch> punches) => new BulkSeeder(factory, _time).InsertPunchesAsync(punches);

    public static Employee Person(string id, long departmentId) => new(id, id, [departmentId], departmentId, [], true, [Role.Employee], null, null);

    /// <summary>An accepted punch imported from a kiosk, as the import stores one.</summary>
    public static StoredPunch KioskPunch(string userId, DateOnly date, int minuteOfDay, PunchKind kind)
    {
        var at = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).AddMinutes(minuteOfDay);
        return new StoredPunch(0, userId, string.Create(CultureInfo.InvariantCulture, $"import:kiosk:{at.ToUnixTimeMilliseconds()}"), PunchSources.Kiosk,
            kind, at, null, at, date, PunchVerdict.Accepted, null, 0, "打卡成功", null, null, null, null, null, null, null, null, null, null,
            false, false, null, null, null, "h", []);
    }
}
