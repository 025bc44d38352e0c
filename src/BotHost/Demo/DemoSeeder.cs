using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Schedule;
using Attendance.Rules.Sites;

namespace Attendance.BotHost.Demo;

/// <summary>
/// A small demo company for a newcomer's first run (<c>--demo</c>). Idempotent: running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(DepartmentRepository departments, EmployeeRepository employees, SiteRepository sites, ShiftRepository shifts,
    AssignmentRepository assignments, DemoHistory history)
{
    public const string Actor = "demo-seed";

    /// <summary>研发部's digest goes to this group robot, so the demo shows where a real robot key would go.</summary>
    public const string RdRobotKey = "demo-rd-robot";

    /// <summary>Who is in the demo company, for the console and a welcome page; the seeder writes exactly these.</summary>
    public static IReadOnlyList<DemoPerson> People => DemoPeople.All;

    /// <summary>Shanghai Municipal Government, 200 Renmin Avenue (人民大道200号), People's Square, in GCJ-02.</summary>
    public static readonly GeoPoint OfficeGcj02 = new(31.230416, 121.473701);

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var none = DigestSettings.None;
        foreach (var d in DemoPeople.Departments)
        {
            var digest = d.Id == 2 ? none with { RobotKey = RdRobotKey, Cron = "0 30 9 ? * MON-FRI", TimeZone = "Asia/Shanghai" } : none;
            await departments.UpsertAsync(new Department(d.Id, d.Name, d.ParentId, d.LeaderUserIds, digest), Actor, cancellationToken);
        }

        var joined = new DateOnly(2025, 1, 2);
        foreach (var p in People)
        {
            await employees.UpsertAsync(new Employee(p.UserId, p.Name, [p.DepartmentId], p.DepartmentId, p.DirectLeaderUserIds, true, p.SystemRoles, joined, null),
                Actor, cancellationToken);
        }

        await sites.UpsertAsync(new Site("shanghai-hq", "上海总部（人民广场）", CoordinateSystem.Gcj02,
            new CircleFence(OfficeGcj02, 300), null, [new WifiAccessPoint("Demo-Office", "0a:1b:2c:3d:4e:5f")], [],
            OutOfRangePolicy.Exception, RequirePhoto: false, RequireFace: false), Actor, cancellationToken);

        // A normal office day for the whole company, so the punch page shows today's shift and days get evaluated.
        var errors = new FieldErrors();
        var shift = ShiftValidator.Validate("standard", new ShiftSpec("标准班", [new ClockRangeSpec("09:00", "12:00"), new ClockRangeSpec("13:00", "18:00")],
            60, 240, 5, 5, 30, 120, null, null, true, null), errors) ?? throw new InvalidOperationException("demo shift: " + string.Join("; ", errors.Items));
        await shifts.UpsertAsync(shift, Actor, cancellationToken);
        if ((await assignments.ListAsync(departmentId: 1, cancellationToken: cancellationToken)).Count == 0)
        {
            var assignment = AssignmentValidator.Validate(new AssignmentSpec(null, 1, "standard", joined, null, null), errors)
                ?? throw new InvalidOperationException("demo assignment: " + string.Join("; ", errors.Items));
            await assignments.AddAsync(assignment, Actor, cancellationToken);
        }

        await history.TellAsync(cancellationToken);
    }
}
