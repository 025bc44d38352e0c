using static Attendance.Rules.Tests.Schedule.ScheduleFixtures;

namespace Attendance.Rules.Tests.Schedule;

public class MonthlySummaryTests
{
    [Fact]
    public void Adds_up_a_month()
    {
        var now = At(new DateOnly(2026, 4, 2), "12:00");
        string[][] week = [["08:55", "18:00"], ["09:10", "18:00"], ["09:40", "17:30"], [], ["08:50"], ["08:55", "19:45"]];
        var overtime = Standard(overtime: new OvertimeSpec(30, 60, 120));
        var days = new List<DayResult>();
        for (var i = 0; i < week.Length; i++)
        {
            var c = new DayEvaluatorTests.Case(overtime, week[i], DayStatus.Normal);
            var input = DayEvaluatorTests.Input(c, new DateOnly(2026, 3, 2 + i), Shanghai, now);
            days.Add(DayEvaluator.Evaluate(input) with { FieldPunches = i == 0 ? 2 : 0, LocationExceptions = i == 1 ? 1 : 0 });
        }

        var leave = new DayEvaluatorTests.Case(Standard(), [], DayStatus.Leave, Leaves: ["09:00-18:00"]);
        days.Add(DayEvaluator.Evaluate(DayEvaluatorTests.Input(leave, new DateOnly(2026, 3, 9), Shanghai, now)));
        var weekend = new DayEvaluatorTests.Case(Standard(), ["10:00"], DayStatus.Rest, Kind: DayKind.Rest);
        days.Add(DayEvaluator.Evaluate(DayEvaluatorTests.Input(weekend, new DateOnly(2026, 3, 14), Shanghai, now)));
        var notYetJoined = new DayEvaluatorTests.Case(Standard(), [], DayStatus.Rest, JoinedOn: new DateOnly(2026, 3, 20));
        days.Add(DayEvaluator.Evaluate(DayEvaluatorTests.Input(notYetJoined, new DateOnly(2026, 3, 16), Shanghai, now)));

        var month = MonthlySummary.ByEmployee(days).Should().ContainSingle().Which;
        month.UserId.Should().Be("zhangsan");
        month.ExpectedWorkdays.Should().Be(7);
        month.PresentDays.Should().Be(5);
        month.LateCount.Should().Be(2);
        month.SeriousLateCount.Should().Be(1);
        month.LateMinutes.Should().Be(10 + 40);
        month.EarlyLeaveCount.Should().Be(1);
        month.EarlyLeaveMinutes.Should().Be(30);
        month.MissingPunches.Should().Be(1);
        month.AbsentDays.Should().Be(1);
        month.LeaveDays.Should().Be(1);
        month.LeaveMinutes.Should().Be(480);
        month.OvertimeMinutes.Should().Be(75);
        month.OvertimeHours.Should().Be(1.25m);
        month.FieldPunches.Should().Be(2);
        month.LocationExceptions.Should().Be(1);
        month.PendingDays.Should().Be(0);
    }
}
