using Attendance.Data;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Sites;
using Attendance.Testing.Databases;
using Dapper;

namespace Attendance.Data.Tests.Repositories;

/// <summary>
/// The repository contract, written once. Each subclass runs it against one real database; a subclass whose
/// server is absent skips with the reason (and fails under CI for PostgreSQL).
/// </summary>
public abstract class RepositoryContract(DatabaseProvider provider) : DatabaseTest(provider)
{
    private static Department Dept(long id, string name, params string[] leaders) =>
        new(id, name, 1, leaders, new DigestSettings("robot-key-1234", null, "0 30 9 ? * MON-FRI", "Asia/Shanghai"));

    private static Employee Person(string userId, string name, long[] departments, string[] leaders, params Role[] roles) =>
        new(userId, name, departments, departments[0], leaders, true, [Role.Employee, .. roles], new DateOnly(2025, 7, 1), null);

    [Fact]
    public async Task Migrations_are_journalled_and_rerunnable()
    {
        Require();
        var runner = new MigrationRunner(Db.Factory);
        runner.PendingScripts().Should().BeEmpty();
        var again = await runner.MigrateAsync();
        again.Applied.Should().BeEmpty();
        runner.EmbeddedScripts.Should().Contain(s => s.EndsWith("0001_foundation.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Department_round_trips_with_Chinese_name_leaders_and_digest()
    {
        Require();
        var repo = new DepartmentRepository(Db.Factory, Time);
        var dept = Dept(1001, "研发中心·北京", "lisi", "wangwu");
        (await repo.UpsertAsync(dept, "admin:test")).Should().Be(UpsertOutcome.Created);
        (await repo.UpsertAsync(dept, "admin:test")).Should().Be(UpsertOutcome.Unchanged);
        var loaded = await repo.GetAsync(1001);
        loaded.Should().NotBeNull();
        loaded.Name.Should().Be("研发中心·北京");
        loaded.LeaderUserIds.Should().Equal(["lisi", "wangwu"]);
        loaded.Digest.Should().Be(dept.Digest);

        var renamed = dept with { Name = "研发中心", LeaderUserIds = ["zhaoliu"] };
        (await repo.UpsertAsync(renamed, "admin:test")).Should().Be(UpsertOutcome.Updated);
        loaded = await repo.GetAsync(1001);
        loaded!.LeaderUserIds.Should().Equal(["zhaoliu"]);
        (await repo.ListAsync()).Should().Contain(d => d.Id == 1001 && d.Name == "研发中心");

        (await repo.DeleteAsync(1001, "admin:test")).Should().BeTrue();
        (await repo.DeleteAsync(1001, "admin:test")).Should().BeFalse();
        (await repo.GetAsync(1001)).Should().BeNull();
    }

    [Fact]
    public async Task Every_change_writes_an_audit_row_without_the_robot_key()
    {
        Require();
        var repo = new DepartmentRepository(Db.Factory, Time);
        var audit = new AuditRepository(Db.Factory, Time);
        await repo.UpsertAsync(Dept(2002, "财务部"), "admin:abc");
        await repo.UpsertAsync(Dept(2002, "财务部"), "admin:abc");
        await repo.UpsertAsync(Dept(2002, "财务与法务部"), "admin:abc");
        await repo.DeleteAsync(2002, "admin:abc");
        var rows = await audit.ListAsync(new AuditQuery(EntityType: "department", EntityId: "2002"));
        rows.Select(r => r.Action).Should().Equal(["department.delete", "department.update", "department.create"]);
        rows.Should().AllSatisfy(r => r.Actor.Should().Be("admin:abc"));
        rows.Should().AllSatisfy(r => r.At.Should().Be(Time.GetUtcNow()));
        rows.Should().NotContain(r => r.Details != null && r.Details.Contains("robot-key-1234", StringComparison.Ordinal));
        rows[1].Details.Should().Contain("财务与法务部");
    }

    [Fact]
    public async Task Employee_round_trips_memberships_leaders_roles_and_dates()
    {
        Require();
        var repo = new EmployeeRepository(Db.Factory, Time);
        var zhang = Person("zhangsan", "张三", [3001, 3002], ["lisi"], Role.Hr);
        (await repo.UpsertAsync(zhang, "admin:test")).Should().Be(UpsertOutcome.Created);
        (await repo.UpsertAsync(zhang, "admin:test")).Should().Be(UpsertOutcome.Unchanged);
        var loaded = await repo.GetAsync("zhangsan");
        loaded.Should().NotBeNull();
        loaded.Name.Should().Be("张三");
        loaded.DepartmentIds.Should().Equal([3001L, 3002L]);
        loaded.MainDepartmentId.Should().Be(3001);
        loaded.DirectLeaderUserIds.Should().Equal(["lisi"]);
        loaded.Roles.Should().Equal([Role.Employee, Role.Hr]);
        loaded.JoinedOn.Should().Be(new DateOnly(2025, 7, 1));
        loaded.LeftOn.Should().BeNull();

        var left = zhang with { Active = false, LeftOn = new DateOnly(2026, 2, 28), DepartmentIds = [3002], MainDepartmentId = 3002 };
        (await repo.UpsertAsync(left, "admin:test")).Should().Be(UpsertOutcome.Updated);
        loaded = await repo.GetAsync("zhangsan");
        loaded!.Active.Should().BeFalse();
        loaded.LeftOn.Should().Be(new DateOnly(2026, 2, 28));
        loaded.DepartmentIds.Should().Equal([3002L]);
    }

    [Fact]
    public async Task Employees_list_by_department_name_and_page()
    {
        Require();
        var repo = new EmployeeRepository(Db.Factory, Time);
        for (var i = 0; i < 7; i++)
        {
            await repo.UpsertAsync(Person($"u{i:00}", i % 2 == 0 ? "王芳" : "李娜", [i < 4 ? 4001 : 4002], []), "admin:test");
        }

        var inFirst = await repo.ListAsync(new EmployeeQuery(DepartmentId: 4001));
        inFirst.Select(e => e.UserId).Should().Equal(["u00", "u01", "u02", "u03"]);
        inFirst.Should().AllSatisfy(e => e.DepartmentIds.Should().Equal([4001L]));
        var named = await repo.ListAsync(new EmployeeQuery(Name: "王芳"));
        named.Count.Should().Be(4);
        var page = await repo.ListAsync(new EmployeeQuery(DepartmentId: 4001, Limit: 2, Offset: 1));
        page.Select(e => e.UserId).Should().Equal(["u01", "u02"]);
        page.Should().AllSatisfy(e => e.DepartmentIds.Should().ContainSingle());
    }

    [Fact]
    public async Task Site_round_trips_circle_polygon_wifi_and_policy()
    {
        Require();
        var repo = new SiteRepository(Db.Factory, Time);
        var circle = new Site("sz-hq", "深圳总部", CoordinateSystem.Gcj02, new CircleFence(new GeoPoint(22.540503, 113.934528), 200), null,
            [new WifiAccessPoint("Tencent-Office", "aa:bb:cc:dd:ee:ff")], [5001, 5002], OutOfRangePolicy.Field, true, false);
        var polygon = new Site("bj-park", "北京园区", CoordinateSystem.Wgs84, null,
            [new GeoPoint(39.98, 116.30), new GeoPoint(39.98, 116.31), new GeoPoint(39.99, 116.31)], [], [], OutOfRangePolicy.Forbid, false, true);
        (await repo.UpsertAsync(circle, "admin:test")).Should().Be(UpsertOutcome.Created);
        (await repo.UpsertAsync(polygon, "admin:test")).Should().Be(UpsertOutcome.Created);
        (await repo.UpsertAsync(polygon, "admin:test")).Should().Be(UpsertOutcome.Unchanged);

        var c = await repo.GetAsync("sz-hq");
        DataJson.Serialize(c).Should().Be(DataJson.Serialize(circle));
        var p = await repo.GetAsync("bj-park");
        DataJson.Serialize(p).Should().Be(DataJson.Serialize(polygon));
        (await repo.ListAsync()).Count.Should().Be(2);
        (await repo.DeleteAsync("sz-hq", "admin:test")).Should().BeTrue();
        (await repo.GetAsync("sz-hq")).Should().BeNull();
    }

    [Fact]
    public async Task Callback_dedupe_claims_once_releases_and_purges_expired_rows()
    {
        Require();
        var dedupe = new CallbackDedupeRepository(Db.Factory, Time);
        (await dedupe.TryClaimAsync("1000002:7300000000000000001", TimeSpan.FromHours(1))).Should().BeTrue();
        (await dedupe.TryClaimAsync("1000002:7300000000000000001", TimeSpan.FromHours(1))).Should().BeFalse();
        await dedupe.ReleaseAsync("1000002:7300000000000000001");
        (await dedupe.TryClaimAsync("1000002:7300000000000000001", TimeSpan.FromHours(1))).Should().BeTrue();
        (await dedupe.TryClaimAsync("1000002:zhangsan:1767225600:enter_agent", TimeSpan.FromDays(1))).Should().BeTrue();
        Time.Advance(TimeSpan.FromHours(2));
        (await dedupe.PurgeExpiredAsync()).Should().Be(1);
        (await dedupe.CountAsync()).Should().Be(1);
        (await dedupe.TryClaimAsync("1000002:7300000000000000001", TimeSpan.FromHours(1))).Should().BeTrue();
    }

    [Fact]
    public async Task Instants_are_stored_in_utc_and_dates_as_dates()
    {
        Require();
        await using var connection = await Db.Factory.OpenAsync();
        var local = new DateTimeOffset(2026, 3, 3, 8, 52, 10, 123, TimeSpan.FromHours(8));
        await AuditRepository.AppendAsync(connection, null, local, "t", "probe", "probe", "1", null);
        var back = await connection.QuerySingleAsync<DateTimeOffset>("SELECT at FROM audit_log WHERE action = 'probe'");
        back.Should().Be(local);
        back.Offset.Should().Be(TimeSpan.Zero);
        var date = await connection.QuerySingleAsync<DateOnly>("SELECT joined_on FROM employees WHERE 1 = 0 UNION ALL SELECT @d", new { d = new DateOnly(2026, 2, 29 - 1) });
        date.Should().Be(new DateOnly(2026, 2, 28));
    }
}

public sealed class SqliteRepositoryTests() : RepositoryContract(DatabaseProvider.Sqlite);

public sealed class PostgresRepositoryTests() : RepositoryContract(DatabaseProvider.Postgres);

public sealed class SqlServerRepositoryTests() : RepositoryContract(DatabaseProvider.SqlServer);
