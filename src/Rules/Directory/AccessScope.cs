namespace Attendance.Rules.Directory;

/// <summary>
/// Whose attendance a caller may see: an employee themself; a supervisor also the departments they lead (with their
/// sub-departments) and their direct reports; HR and admins everyone. Built once per request from the directory.
/// </summary>
public sealed class AccessScope
{
    private readonly HashSet<long> _departments;
    private readonly HashSet<string> _directReports;

    private AccessScope(string userId, bool everyone, HashSet<long> departments, HashSet<string> directReports)
    {
        UserId = userId;
        IsEveryone = everyone;
        _departments = departments;
        _directReports = directReports;
    }

    public string UserId { get; }

    public bool IsEveryone { get; }

    /// <summary>Led departments and all their descendants.</summary>
    public IReadOnlySet<long> Departments => _departments;

    public bool IsSupervisor => _departments.Count > 0 || _directReports.Count > 0;

    /// <summary>How many people name this caller as their direct leader.</summary>
    public int DirectReportCount => _directReports.Count;

    public static AccessScope For(Employee caller, IReadOnlyList<Department> departments, IEnumerable<Employee> employees)
    {
        if (caller.HasRole(Role.Hr) || caller.HasRole(Role.Admin))
        {
            return new AccessScope(caller.UserId, true, [], []);
        }

        var children = departments.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        var led = new HashSet<long>();
        var pending = new Stack<long>(departments.Where(d => d.LeaderUserIds.Contains(caller.UserId, StringComparer.Ordinal)).Select(d => d.Id));
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (led.Add(id))
            {
                foreach (var child in children[id])
                {
                    pending.Push(child);
                }
            }
        }

        var reports = employees.Where(e => e.DirectLeaderUserIds.Contains(caller.UserId, StringComparer.Ordinal))
            .Select(e => e.UserId).ToHashSet(StringComparer.Ordinal);
        return new AccessScope(caller.UserId, false, led, reports);
    }

    public bool CanSee(Employee target) =>
        IsEveryone
        || string.Equals(target.UserId, UserId, StringComparison.Ordinal)
        || _directReports.Contains(target.UserId)
        || target.DepartmentIds.Any(_departments.Contains);

    public bool CanSeeDepartment(long departmentId) => IsEveryone || _departments.Contains(departmentId);
}
