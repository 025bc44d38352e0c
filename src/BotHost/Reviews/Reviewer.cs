using Attendance.Rules.Directory;

namespace Attendance.BotHost.Reviews;

/// <summary>
/// Someone deciding flagged punches: an admin key (no employee behind it, sees everyone), or an employee with their
/// scope (HR and admins everyone; a supervisor the departments they lead, down the tree, and their direct reports).
/// </summary>
public sealed record Reviewer(string Actor, Employee? Employee, AccessScope? Scope)
{
    public static Reviewer AdminKey(string actor) => new(actor, null, null);

    public static Reviewer For(Employee employee, AccessScope scope) => new("user:" + employee.UserId, employee, scope);

    public string? UserId => Employee?.UserId;

    /// <summary>HR, an admin, or an admin key: sees every punch and may change a decision later.</summary>
    public bool IsEveryone => Employee is null || Scope?.IsEveryone == true;

    /// <summary>Whether this reviewer may see <paramref name="target"/>'s flagged punches at all.</summary>
    public bool CanSee(Employee target) => IsEveryone || (Scope is { IsSupervisor: true } scope && scope.CanSee(target));

    /// <summary>Nobody decides their own punch (or their own 补卡), HR and admins included.</summary>
    public bool IsSelf(Employee target) => string.Equals(target.UserId, UserId, StringComparison.OrdinalIgnoreCase);

    public bool MayDecide(Employee target) => !IsSelf(target) && CanSee(target);
}
