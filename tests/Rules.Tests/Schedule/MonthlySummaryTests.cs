using Attendance.Rules.Schedule;
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

        var month = Assert.Single(MonthlySummary.ByEmployee(days));
        Assert.Equal("zhangsan", month.UserId);
        Assert.Equal(7, month.ExpectedWorkdays);
        Assert.Equal(5, month.PresentDays);
        Assert.Equal(2, month.LateCount);
        Assert.Equal(1, month.SeriousLateCount);
        Assert.Equal(10 + 40, month.LateMinutes);
        Assert.Equal(1, month.EarlyLeaveCount);
        Assert.Equal(30, month.EarlyLeaveMinutes);
        Assert.Equal(1, month.MissingPunches);
        Assert.Equal(1, month.AbsentDays);
        Assert.Equal(1, month.LeaveDays);
        Assert.Equal(480, month.LeaveMinutes);
        Assert.Equal(75, month.OvertimeMinutes);
        Assert.Equal(1.25m, month.OvertimeHours);
        Assert.Equal(2, month.FieldPunches);
        Assert.Equal(1, month.LocationExceptions);
        Assert.Equal(0, month.PendingDays);
    }
}
