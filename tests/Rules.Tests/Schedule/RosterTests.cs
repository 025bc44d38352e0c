
using Attendance.Rules.Directory;

namespace Attendance.Rules.Tests.Schedule;

public class RosterTests
{
    private static readonly WorkCalendar China = WorkCalendar.China();

    private static readonly Employee Zhang = new("zhangsan", "张三", [20, 10], 10, [], true, [Role.Employee], null, null);

    private static Assignment Make(string? userId = null, long? departmentId = null, string? shiftId = "day",
        string from = "2026-01-01", string? to = null, int[]? weekdays = null)
    {
        var errors = new FieldErrors();
        var a = AssignmentValidator.Validate(new AssignmentSpec(userId, departmentId, shiftId, D(from), to is null ? null : D(to), weekdays), errors);
        errors.IsEmpty.Should().BeTrue(string.Join("; ", errors.Items));
        return a!;
    }

    private static RosterResolver Resolver(Assignment[] own, Dictionary<long, IReadOnlyList<Assignment>>? departments = null) =>
        RosterResolver.For(Zhang, own, departments ?? []);

    [Fact]
    public void The_employee_beats_the_department_and_the_main_department_beats_the_others()
    {
        var departments = new Dictionary<long, IReadOnlyList<Assignment>>
        {
            [20] = [Make(departmentId: 20, shiftId: "other")],
            [10] = [Make(departmentId: 10, shiftId: "main", from: "2026-03-01")],
        };
        var resolver = Resolver([Make("zhangsan", shiftId: "mine", from: "2026-06-01", to: "2026-06-30")], departments);
        resolver.Resolve(D("2026-06-15")).ShiftId.Should().Be("mine");
        resolver.Resolve(D("2026-07-01")).ShiftId.Should().Be("main");
        resolver.Resolve(D("2026-02-02")).ShiftId.Should().Be("other");
        Resolver([]).Resolve(D("2026-02-02")).IsNone.Should().BeTrue();
    }

    [Fact]
    public void A_rest_assignment_is_rest_not_none()
    {
        var match = Resolver([Make("zhangsan", shiftId: null)]).Resolve(D("2026-03-02"));
        match.IsRest.Should().BeTrue();
        match.IsNone.Should().BeFalse();
    }

    [Theory]
    [InlineData("2026-03-02", DayKind.Workday, "day")] // Monday
    [InlineData("2026-03-07", DayKind.Rest, null)] // Saturday
    [InlineData("2026-10-01", DayKind.Holiday, null)] // National Day, a Thursday the roster assigns
    [InlineData("2026-02-14", DayKind.Workday, "day")] // make-up Saturday
    [InlineData("2026-02-28", DayKind.Workday, "day")] // make-up Saturday after the Spring Festival week
    [InlineData("2026-09-20", DayKind.Workday, "day")] // make-up Sunday
    public void A_department_following_the_calendar(string date, DayKind kind, string? shift)
    {
        var resolver = Resolver([], new() { [10] = [Make(departmentId: 10)] });
        DayPlanner.Plan(D(date), China, resolver).Should().Be(new DayPlan(kind, shift, China.Classify(D(date)).Name));
    }

    [Theory]
    [InlineData("2026-03-07", DayKind.Workday, "sat")] // own weekdays replace the weekly pattern
    [InlineData("2026-03-08", DayKind.Rest, null)]
    [InlineData("2026-02-14", DayKind.Workday, "sat")] // make-up day on an assigned Saturday keeps that shift
    [InlineData("2026-09-20", DayKind.Workday, "early")] // make-up Sunday, a rest weekday: Monday's shift
    [InlineData("2026-05-01", DayKind.Holiday, null)]
    public void An_explicit_weekly_roster(string date, DayKind kind, string? shift)
    {
        var resolver = Resolver(
        [
            Make("zhangsan", shiftId: "early", weekdays: [1, 2, 3, 4, 5]),
            Make("zhangsan", shiftId: "sat", weekdays: [6]),
            Make("zhangsan", shiftId: null, weekdays: [7]),
        ]);
        DayPlanner.Plan(D(date), China, resolver).Kind.Should().Be(kind);
        DayPlanner.Plan(D(date), China, resolver).ShiftId.Should().Be(shift);
    }

    [Fact]
    public void A_make_up_day_uses_the_first_weekday_shift_of_the_week()
    {
        // Tuesday to Saturday worker: the week of the 2026-02-28 make-up Saturday has no Monday shift.
        var resolver = Resolver([Make("zhangsan", shiftId: "tue", weekdays: [2, 3, 4, 5]), Make("zhangsan", shiftId: "satx", weekdays: [6])]);
        DayPlanner.Plan(D("2026-02-28"), China, resolver).ShiftId.Should().Be("satx");
        var sundays = Resolver([Make("zhangsan", shiftId: "tue", weekdays: [2, 3])]);
        DayPlanner.Plan(D("2026-09-20"), China, sundays).ShiftId.Should().Be("tue");
        DayPlanner.Plan(D("2026-09-20"), China, Resolver([])).Kind.Should().Be(DayKind.Rest);
    }

    [Fact]
    public void Overlapping_assignments_are_refused_with_a_clear_message()
    {
        var existing = new[] { Make("zhangsan", shiftId: "day", from: "2026-03-01", weekdays: [1, 3, 5]) };
        var clash = Make("zhangsan", shiftId: "night", from: "2026-04-01", to: "2026-04-30", weekdays: [3, 4]);
        AssignmentOverlap.Check(clash, existing).Should().Be("与已有排班冲突：2026-03-01 起 的 周三 已排班次 day");
        AssignmentOverlap.Check(Make("zhangsan", shiftId: "night", weekdays: [2, 4]), existing).Should().BeNull();
        AssignmentOverlap.Check(Make("lisi", shiftId: "night", weekdays: [1]), existing).Should().BeNull();
        AssignmentOverlap.Check(Make("zhangsan", from: "2026-01-01", to: "2026-02-28", weekdays: [1]), existing).Should().BeNull();
        AssignmentOverlap.Check(Make("zhangsan", from: "2026-01-01", to: "2026-03-01"), existing).Should().NotBeNull();
        var department = new[] { Make(departmentId: 10, shiftId: null, from: "2026-03-01", to: "2026-03-31") };
        AssignmentOverlap.Check(Make(departmentId: 10, from: "2026-03-15"), department).Should().Be("与已有排班冲突：2026-03-01 至 2026-03-31 的 周一、周二、周三、周四、周五、周六、周日 已排休息");
        AssignmentOverlap.Check(Make(departmentId: 11, from: "2026-03-15"), department).Should().BeNull();
    }

    public static TheoryData<AssignmentSpec, string> Invalid => new()
    {
        { new("zhangsan", 10, "day", D("2026-01-01"), null, null), "userId" },
        { new(null, null, "day", D("2026-01-01"), null, null), "userId" },
        { new("bad id", null, "day", D("2026-01-01"), null, null), "userId" },
        { new(null, 0, "day", D("2026-01-01"), null, null), "departmentId" },
        { new("zhangsan", null, "no spaces", D("2026-01-01"), null, null), "shiftId" },
        { new("zhangsan", null, "day", null, null, null), "from" },
        { new("zhangsan", null, "day", D("2026-01-02"), D("2026-01-01"), null), "to" },
        { new("zhangsan", null, "day", D("2026-01-01"), null, [0]), "weekdays[0]" },
        { new("zhangsan", null, "day", D("2026-01-01"), null, [8]), "weekdays[0]" },
        { new("zhangsan", null, "day", D("2026-01-01"), null, [1, 1]), "weekdays" },
        { new("zhangsan", null, "day", D("2026-01-01"), null, []), "weekdays" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_bad_assignments_naming_the_field(AssignmentSpec spec, string field)
    {
        var errors = new FieldErrors();
        AssignmentValidator.Validate(spec, errors).Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == field);
    }

    [Fact]
    public void Checks_the_shift_exists_when_asked_and_round_trips_its_spec()
    {
        var errors = new FieldErrors();
        AssignmentValidator.Validate(new("zhangsan", null, "ghost", D("2026-01-01"), null, null), errors, id => id == "day").Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == "shiftId");

        var explicitDays = Make("zhangsan", weekdays: [5, 1]);
        explicitDays.Weekdays.Should().Equal([1, 5]);
        explicitDays.FollowsCalendar.Should().BeFalse();
        explicitDays.ToSpec().Weekdays.Should().Equal([1, 5]);
        var everyDay = Make("zhangsan");
        everyDay.FollowsCalendar.Should().BeTrue();
        everyDay.Weekdays.Length.Should().Be(7);
        everyDay.ToSpec().Weekdays.Should().BeNull();
    }

    private static DateOnly D(string s) => DateOnly.Parse(s, CultureInfo.InvariantCulture);
}
