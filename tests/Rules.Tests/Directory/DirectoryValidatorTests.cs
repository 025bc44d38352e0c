
using Attendance.Rules.Directory;

namespace Attendance.Rules.Tests.Directory;

public class DirectoryValidatorTests
{
    private static EmployeeSpec Employee(IReadOnlyList<long>? departments = null, long? main = null,
        IReadOnlyList<string>? leaders = null, IReadOnlyList<string>? roles = null, DateOnly? joined = null, DateOnly? left = null) =>
        new("张三", departments ?? [2], main, leaders, true, roles, joined, left);

    public static TheoryData<string, EmployeeSpec, string> InvalidEmployees => new()
    {
        { "zhangsan", Employee(departments: []), "departmentIds" },
        { "zhangsan", Employee(departments: [0]), "departmentIds[0]" },
        { "zhangsan", Employee(departments: [2, 2]), "departmentIds" },
        { "zhangsan", Employee(main: 3), "mainDepartmentId" },
        { "zhangsan", Employee(leaders: ["bad id"]), "directLeaderUserIds[0]" },
        { "zhangsan", Employee(leaders: ["zhangsan"]), "directLeaderUserIds" },
        { "zhangsan", Employee(roles: ["boss"]), "roles[0]" },
        { "zhangsan", Employee(joined: new DateOnly(2026, 3, 1), left: new DateOnly(2026, 2, 1)), "leftOn" },
        { "张三", Employee(), "userId" },
        { "zhangsan", new EmployeeSpec(null, [2], null, null, null, null, null, null), "name" },
    };

    [Theory]
    [MemberData(nameof(InvalidEmployees))]
    public void Refuses_bad_employees_naming_the_field(string userId, EmployeeSpec spec, string field)
    {
        var errors = new FieldErrors();
        DirectoryValidator.Validate(userId, spec, errors).Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == field);
    }

    [Fact]
    public void Employee_defaults_main_department_active_and_employee_role()
    {
        var errors = new FieldErrors();
        var e = DirectoryValidator.Validate("zhangsan", Employee(departments: [3, 2], roles: ["HR"]), errors);
        e.Should().NotBeNull();
        e.MainDepartmentId.Should().Be(3);
        e.Active.Should().BeTrue();
        e.Roles.Should().Equal([Role.Employee, Role.Hr]);
    }

    public static TheoryData<long, DepartmentSpec, string> InvalidDepartments => new()
    {
        { 0, new DepartmentSpec("研发部", null, null, null), "id" },
        { 2, new DepartmentSpec("", null, null, null), "name" },
        { 2, new DepartmentSpec("研发部", 2, null, null), "parentId" },
        { 2, new DepartmentSpec("研发部", 1, ["ok", "not ok"], null), "leaderUserIds[1]" },
        { 2, new DepartmentSpec("研发部", 1, null, new DigestSpec("key with spaces", null, null, null)), "digest.robotKey" },
        { 2, new DepartmentSpec("研发部", 1, null, new DigestSpec(null, null, "every morning", null)), "digest.cron" },
        { 2, new DepartmentSpec("研发部", 1, null, new DigestSpec(null, null, null, "Mars/Olympus")), "digest.timeZone" },
    };

    [Theory]
    [MemberData(nameof(InvalidDepartments))]
    public void Refuses_bad_departments_naming_the_field(long id, DepartmentSpec spec, string field)
    {
        var errors = new FieldErrors();
        DirectoryValidator.Validate(id, spec, errors).Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == field);
    }

    [Fact]
    public void Accepts_a_department_with_digest_settings()
    {
        var errors = new FieldErrors();
        var d = DirectoryValidator.Validate(2, new DepartmentSpec(" 研发部 ", 1, ["lisi"], new DigestSpec("693a91f6-7xxx", null, "0 30 9 ? * MON-FRI", "Asia/Shanghai")), errors);
        d.Should().NotBeNull();
        d.Name.Should().Be("研发部");
        d.Digest.Cron.Should().Be("0 30 9 ? * MON-FRI");
    }
}
