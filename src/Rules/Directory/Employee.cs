namespace Attendance.Rules.Directory;

public enum Role
{
    Employee,
    Hr,
    Admin,
}

/// <summary>An employee, keyed by WeCom userid.</summary>
public sealed record Employee(
    string UserId,
    string Name,
    IReadOnlyList<long> DepartmentIds,
    long MainDepartmentId,
    IReadOnlyList<string> DirectLeaderUserIds,
    bool Active,
    IReadOnlyList<Role> Roles,
    DateOnly? JoinedOn,
    DateOnly? LeftOn)
{
    public bool HasRole(Role role) => Roles.Contains(role);

    /// <summary>Employed on <paramref name="date"/>: active, on or after joining and on or before leaving.</summary>
    public bool IsEmployedOn(DateOnly date) =>
        (JoinedOn is null || date >= JoinedOn) && (LeftOn is null || date <= LeftOn);
}
