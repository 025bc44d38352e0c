using Attendance.Rules.Directory;

namespace Attendance.BotHost.Demo;

/// <summary>A department of the demo company.</summary>
public sealed record DemoDepartment(long Id, string Name, long? ParentId, IReadOnlyList<string> LeaderUserIds);

/// <summary>
/// A demo employee as the console and a welcome page present them: who to log in as, and what each role can try.
/// <see cref="Roles"/> is in the words the bot uses (员工, 主管, HR).
/// </summary>
public sealed record DemoPerson(string UserId, string Name, long DepartmentId, string DepartmentName, IReadOnlyList<string> DirectLeaderUserIds,
    bool IsHr, bool LeadsDepartment)
{
    public IReadOnlyList<string> Roles => ["员工", .. LeadsDepartment ? new[] { "主管" } : [], .. IsHr ? new[] { "HR" } : []];

    public IReadOnlyList<Role> SystemRoles => IsHr ? [Role.Employee, Role.Hr] : [Role.Employee];
}

/// <summary>The demo company's departments and people: the one list the seeder writes and the console shows.</summary>
public static class DemoPeople
{
    public static IReadOnlyList<DemoDepartment> Departments { get; } =
    [
        new(1, "示例科技有限公司", null, ["chenjing"]),
        new(2, "研发部", 1, ["zhangwei"]),
        new(3, "行政人事部", 1, ["chenjing"]),
    ];

    public static IReadOnlyList<DemoPerson> All { get; } =
    [
        Person("zhangwei", "张伟", 2, ["chenjing"]),
        Person("wangfang", "王芳", 2, ["zhangwei"]),
        Person("liuyang", "刘洋", 2, ["zhangwei"]),
        Person("chenjing", "陈静", 3, []),
        Person("lina", "李娜", 3, ["chenjing"], hr: true),
    ];

    private static DemoPerson Person(string userId, string name, long departmentId, string[] leaders, bool hr = false) =>
        new(userId, name, departmentId, Departments.Single(d => d.Id == departmentId).Name, leaders, hr,
            Departments.Any(d => d.LeaderUserIds.Contains(userId, StringComparer.Ordinal)));
}
