using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;

namespace Attendance.BotHost.Bot;

/// <summary>The person behind a chat message and what they may see.</summary>
public sealed record BotCaller(Employee Employee, AccessScope Scope)
{
    public string UserId => Employee.UserId;

    /// <summary>The audit actor, in the same form as an employee session's (<c>user:&lt;id&gt;</c>).</summary>
    public string Actor => "user:" + Employee.UserId;
}

/// <summary>Directory look-ups for the bot: the caller with their scope, people and departments by name.</summary>
public sealed class BotDirectory(EmployeeRepository employees, DepartmentRepository departments, CorrectionRepository corrections)
{
    /// <summary>Pending 补卡 examined per 待审批; far more than any approver has waiting.</summary>
    public const int PendingScanLimit = 2000;

    /// <summary>The caller, or null when they are unknown, inactive or have left.</summary>
    public async Task<BotCaller?> ResolveAsync(string userId, DateOnly today, CancellationToken cancellationToken)
    {
        var employee = await employees.GetAsync(userId, cancellationToken);
        if (employee is null || !employee.Active || (employee.LeftOn is { } left && left < today))
        {
            return null;
        }

        var all = await departments.ListAsync(cancellationToken);
        // The scope needs only the caller's direct reports (their leader lists contain the caller).
        var reports = (await employees.DirectReportIdsAsync(employee.UserId, cancellationToken))
            .Select(id => new Employee(id, "", [], 0, [employee.UserId], true, [Role.Employee], null, null));
        return new BotCaller(employee, AccessScope.For(employee, all, reports));
    }

    /// <summary>By userid first, else everyone with exactly this name.</summary>
    public async Task<IReadOnlyList<Employee>> FindPeopleAsync(string who, CancellationToken cancellationToken)
    {
        if (Identifiers.IsUserId(who) && await employees.GetAsync(who, cancellationToken) is { } byId)
        {
            return [byId];
        }

        return await employees.ListAsync(new EmployeeQuery(Name: who, Limit: 20), cancellationToken);
    }

    public Task<IReadOnlyList<Department>> DepartmentsAsync(CancellationToken cancellationToken) => departments.ListAsync(cancellationToken);

    /// <summary>Departments whose name is exactly <paramref name="name"/>, or whose id it is.</summary>
    public async Task<(IReadOnlyList<Department> Matches, IReadOnlyList<Department> All)> FindDepartmentsAsync(string name, CancellationToken cancellationToken)
    {
        var all = await departments.ListAsync(cancellationToken);
        var matches = all.Where(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0 && long.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            matches.AddRange(all.Where(d => d.Id == id));
        }

        return (matches, all);
    }

    /// <summary>The department and all its descendants.</summary>
    public static HashSet<long> Subtree(long root, IReadOnlyList<Department> all)
    {
        var children = all.Where(d => d.ParentId is not null).ToLookup(d => d.ParentId!.Value, d => d.Id);
        var result = new HashSet<long>();
        var pending = new Stack<long>([root]);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (result.Add(id))
            {
                foreach (var child in children[id])
                {
                    pending.Push(child);
                }
            }
        }

        return result;
    }

    /// <summary>Ids of pending 补卡 requests, oldest first.</summary>
    public Task<IReadOnlyList<long>> PendingCorrectionIdsAsync(CancellationToken cancellationToken) =>
        corrections.PendingIdsAsync(PendingScanLimit, cancellationToken);
}
