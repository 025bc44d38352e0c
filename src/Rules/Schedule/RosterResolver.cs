using Attendance.Rules.Directory;

namespace Attendance.Rules.Schedule;

/// <summary>The assignment that decides an employee's date, or none. <see cref="ShiftId"/> null with an assignment
/// means an assigned rest.</summary>
public readonly record struct RosterMatch(Assignment? Assignment)
{
    public bool IsNone => Assignment is null;

    public bool IsRest => Assignment is { ShiftId: null };

    public string? ShiftId => Assignment?.ShiftId;
}

/// <summary>
/// Answers "which assignment applies to this employee on this date". The employee's own assignments beat their
/// departments'; departments are asked in the order given (<see cref="For"/> puts the main department first, then
/// the others in the employee's order). The match is per date and weekday: an employee assigned Monday–Friday falls
/// back to the department's assignment on Saturday. Among several matches of one owner (which the overlap check
/// keeps out of new data) the one starting latest wins, ties to the one listed last.
/// </summary>
public sealed class RosterResolver
{
    private readonly IReadOnlyList<Assignment> _own;
    private readonly IReadOnlyList<IReadOnlyList<Assignment>> _departments;

    public RosterResolver(IReadOnlyList<Assignment> own, IReadOnlyList<IReadOnlyList<Assignment>> departmentsInPriority)
    {
        _own = own;
        _departments = departmentsInPriority;
    }

    /// <param name="byDepartment">Assignments per department id; departments without any may be absent.</param>
    public static RosterResolver For(Employee employee, IReadOnlyList<Assignment> own,
        IReadOnlyDictionary<long, IReadOnlyList<Assignment>> byDepartment)
    {
        var ordered = new List<IReadOnlyList<Assignment>>(employee.DepartmentIds.Count);
        if (byDepartment.TryGetValue(employee.MainDepartmentId, out var main))
        {
            ordered.Add(main);
        }

        foreach (var id in employee.DepartmentIds)
        {
            if (id != employee.MainDepartmentId && byDepartment.TryGetValue(id, out var list))
            {
                ordered.Add(list);
            }
        }

        return new RosterResolver(own, ordered);
    }

    public RosterMatch Resolve(DateOnly date)
    {
        if (Latest(_own, date) is { } mine)
        {
            return new RosterMatch(mine);
        }

        for (var i = 0; i < _departments.Count; i++)
        {
            if (Latest(_departments[i], date) is { } theirs)
            {
                return new RosterMatch(theirs);
            }
        }

        return default;
    }

    private static Assignment? Latest(IReadOnlyList<Assignment> assignments, DateOnly date)
    {
        Assignment? best = null;
        for (var i = 0; i < assignments.Count; i++)
        {
            var a = assignments[i];
            if (a.Covers(date) && (best is null || a.From >= best.From))
            {
                best = a;
            }
        }

        return best;
    }
}
