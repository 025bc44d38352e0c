using static Attendance.Rules.Tests.Schedule.ScheduleFixtures;

using Attendance.Rules.Directory;

namespace Attendance.Rules.Tests.Schedule;

/// <summary>Calendar, roster and evaluator together, the way the host calls them for one employee and date.</summary>
public class PlannedDayTests
{
    private static readonly Shift Day = Valid(Standard());
    private static readonly WorkCalendar China = WorkCalendar.China();

    private static DayResult EvaluatePlanned(DateOnly date, params string[] punches)
    {
        var errors = new FieldErrors();
        var weekdays = AssignmentValidator.Validate(new AssignmentSpec(null, 10, "day", new DateOnly(2026, 1, 1), null, [1, 2, 3, 4, 5]), errors)!;
        var employee = new Employee("zhangsan", "张三", [10], 10, [], true, [Role.Employee], null, null);
        var roster = RosterResolver.For(employee, [], new Dictionary<long, IReadOnlyList<Assignment>> { [10] = [weekdays] });
        var plan = DayPlanner.Plan(date, China, roster);
        return DayEvaluator.Evaluate(new DayInput
        {
            UserId = employee.UserId,
            WorkDate = date,
            Kind = plan.Kind,
            Shift = plan.ShiftId == Day.Id ? Day : null,
            Punches = [.. punches.Select(p => Punch(p, date, Shanghai))],
            TimeZone = Shanghai,
            Now = At(date.AddDays(2), "12:00"),
        });
    }

    [Fact]
    public void A_make_up_Saturday_is_worked_on_the_weekday_shift()
    {
        var saturday = new DateOnly(2026, 2, 14);
        var worked = EvaluatePlanned(saturday, "08:58", "18:01");
        worked.Status.Should().Be(DayStatus.Normal);
        worked.ShiftId.Should().Be("day");
        EvaluatePlanned(saturday).Status.Should().Be(DayStatus.Absent);
    }

    [Fact]
    public void A_holiday_on_an_assigned_weekday_is_a_holiday_without_absence()
    {
        var nationalDay = EvaluatePlanned(new DateOnly(2026, 10, 1));
        nationalDay.Status.Should().Be(DayStatus.Holiday);
        nationalDay.Kind.Should().Be(DayKind.Holiday);
        EvaluatePlanned(new DateOnly(2026, 3, 7)).Status.Should().Be(DayStatus.Rest);
    }
}
