using System.Collections.Concurrent;
using Attendance.Rules.Calendar;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Days;

/// <summary>
/// Everything that plans a date, loaded once per evaluation run: shifts, assignments (department ones inherited by
/// sub-departments that have none of their own), the calendar with HR's overrides and the departments' zones. One
/// snapshot also serves every punch at once (<see cref="ScheduleSnapshotCache"/>), so what it works out on first use
/// (zones, rosters) is kept in concurrent maps: plain dictionaries written by concurrent punches corrupted themselves
/// (the SQLite storm at ~6,000 punches/s answered 448 punches with 500).
/// </summary>
public sealed class ScheduleSnapshot
{
    private readonly Dictionary<string, List<Assignment>> _own = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, IReadOnlyList<Assignment>> _byDepartment = [];
    private readonly Dictionary<long, Department> _departments;
    private readonly ConcurrentDictionary<long, TimeZoneInfo> _zones = [];
    private readonly ConcurrentDictionary<string, RosterResolver> _rosters = new(StringComparer.OrdinalIgnoreCase);

    public ScheduleSnapshot(IReadOnlyList<Shift> shifts, IReadOnlyList<Assignment> assignments, WorkCalendar calendar,
        IReadOnlyList<Department> departments, TimeZoneInfo companyZone, TimeOnly boundary)
    {
        Shifts = shifts.ToDictionary(s => s.Id, StringComparer.Ordinal);
        Calendar = calendar;
        CompanyZone = companyZone;
        Boundary = boundary;
        _departments = departments.ToDictionary(d => d.Id);
        var direct = new Dictionary<long, List<Assignment>>();
        foreach (var a in assignments)
        {
            if (a.UserId is { } user)
            {
                (_own.TryGetValue(user, out var list) ? list : _own[user] = []).Add(a);
            }
            else if (a.DepartmentId is { } dept)
            {
                (direct.TryGetValue(dept, out var list) ? list : direct[dept] = []).Add(a);
            }
        }

        foreach (var department in departments)
        {
            // The nearest department up the tree with assignments of its own decides for a sub-department without any.
            var current = (long?)department.Id;
            for (var depth = 0; current is { } id && depth < 32; depth++)
            {
                if (direct.TryGetValue(id, out var found))
                {
                    _byDepartment[department.Id] = found;
                    break;
                }

                current = _departments.TryGetValue(id, out var d) ? d.ParentId : null;
            }
        }

        foreach (var (id, list) in direct)
        {
            _byDepartment.TryAdd(id, list);
        }
    }

    public IReadOnlyDictionary<string, Shift> Shifts { get; }

    public WorkCalendar Calendar { get; }

    public TimeZoneInfo CompanyZone { get; }

    public TimeOnly Boundary { get; }

    public Department? Department(long id) => _departments.GetValueOrDefault(id);

    /// <summary>The zone of the employee's main department when it names one (digest.timeZone), else the company's.</summary>
    public TimeZoneInfo ZoneFor(Employee employee)
    {
        if (_zones.TryGetValue(employee.MainDepartmentId, out var zone))
        {
            return zone;
        }

        zone = _departments.TryGetValue(employee.MainDepartmentId, out var d) && d.Digest.TimeZone is { } id && TimeZones.TryFind(id, out var found)
            ? found
            : CompanyZone;
        return _zones.GetOrAdd(employee.MainDepartmentId, zone);
    }

    public RosterResolver RosterFor(Employee employee) =>
        _rosters.TryGetValue(employee.UserId, out var roster)
            ? roster
            : _rosters.GetOrAdd(employee.UserId, RosterResolver.For(employee, _own.TryGetValue(employee.UserId, out var own) ? own : [], _byDepartment));

    /// <summary>The date's plan and its shift (null on rest days, holidays, or when the named shift is gone).</summary>
    public (DayPlan Plan, Shift? Shift) Plan(Employee employee, DateOnly date)
    {
        var plan = DayPlanner.Plan(date, Calendar, RosterFor(employee));
        return (plan, plan.ShiftId is { } id ? Shifts.GetValueOrDefault(id) : null);
    }

    public Shift? ShiftOn(Employee employee, DateOnly date) => Plan(employee, date).Shift;
}
