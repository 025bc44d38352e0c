
using Attendance.Rules.Directory;

namespace Attendance.Rules.Tests.Directory;

public class AccessScopeTests
{
    private static readonly Department[] Departments =
    [
        new(1, "公司", null, ["ceo"], DigestSettings.None),
        new(2, "研发部", 1, ["zhangwei"], DigestSettings.None),
        new(21, "研发一组", 2, [], DigestSettings.None),
        new(211, "前端小组", 21, [], DigestSettings.None),
        new(3, "行政人事部", 1, ["chenjing"], DigestSettings.None),
    ];

    private static Employee E(string id, long dept, string[]? leaders = null, params Role[] roles) =>
        new(id, id, [dept], dept, leaders ?? [], true, [Role.Employee, .. roles], null, null);

    private static readonly Employee[] Employees =
    [
        E("ceo", 1), E("zhangwei", 2, ["ceo"]), E("wangfang", 21, ["zhangwei"]), E("liuyang", 211),
        E("chenjing", 3, ["ceo"]), E("lina", 3, ["chenjing"], Role.Hr), E("zhaolei", 3, ["wangfang"]), E("admin1", 3, null, Role.Admin),
    ];

    private static Employee Get(string id) => Employees.Single(e => e.UserId == id);

    [Theory]
    [InlineData("wangfang", "wangfang", true)]
    [InlineData("wangfang", "liuyang", false)]
    [InlineData("wangfang", "zhaolei", true)]
    [InlineData("zhangwei", "liuyang", true)]
    [InlineData("zhangwei", "wangfang", true)]
    [InlineData("zhangwei", "lina", false)]
    [InlineData("chenjing", "zhangwei", false)]
    [InlineData("chenjing", "lina", true)]
    [InlineData("lina", "liuyang", true)]
    [InlineData("admin1", "ceo", true)]
    [InlineData("ceo", "liuyang", true)]
    [InlineData("liuyang", "wangfang", false)]
    public void Decides_who_may_see_whom(string caller, string target, bool allowed) =>
        AccessScope.For(Get(caller), Departments, Employees).CanSee(Get(target)).Should().Be(allowed);

    [Fact]
    public void A_leader_sees_sub_departments_to_any_depth()
    {
        var scope = AccessScope.For(Get("zhangwei"), Departments, Employees);
        scope.IsSupervisor.Should().BeTrue();
        scope.Departments.Order().Should().Equal([2L, 21L, 211L]);
        scope.CanSeeDepartment(3).Should().BeFalse();
    }

    [Fact]
    public void A_plain_employee_is_no_supervisor() =>
        AccessScope.For(Get("liuyang"), Departments, Employees).IsSupervisor.Should().BeFalse();

    [Fact]
    public void A_cycle_in_the_department_tree_does_not_loop()
    {
        Department[] cyclic = [new(5, "A", 6, ["x"], DigestSettings.None), new(6, "B", 5, [], DigestSettings.None)];
        var scope = AccessScope.For(E("x", 5), cyclic, []);
        scope.Departments.Order().Should().Equal([5L, 6L]);
    }
}
