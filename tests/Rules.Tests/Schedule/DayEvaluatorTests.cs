using static Attendance.Rules.Tests.Schedule.ScheduleFixtures;

namespace Attendance.Rules.Tests.Schedule;

public class DayEvaluatorTests
{
    /// <summary>One row of the table. Worked -1 means "not checked". Leaves are local "HH:mm-HH:mm" of the date.</summary>
    public sealed record Case(
        ShiftSpec Shift,
        string[] Punches,
        DayStatus Status,
        int Late = 0,
        int Early = 0,
        int Worked = -1,
        int Overtime = 0,
        string[]? Leaves = null,
        DayKind Kind = DayKind.Workday,
        DateOnly? JoinedOn = null,
        DateOnly? LeftOn = null);

    private static readonly OvertimeSpec Overtime = new(30, 60, 120);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["on time"] = new(Standard(), ["08:55 in", "18:05 out"], DayStatus.Normal, Worked: 480),
        ["exactly at grace is on time"] = new(Standard(), ["09:05", "18:00"], DayStatus.Normal, Worked: 475),
        ["one minute past grace is late"] = new(Standard(), ["09:06", "18:00"], DayStatus.Late, Late: 6, Worked: 474),
        ["seconds do not count"] = new(Standard(), ["09:05:59", "18:00"], DayStatus.Normal),
        ["late up to the serious tier"] = new(Standard(), ["09:30", "18:00"], DayStatus.Late, Late: 30),
        ["serious late past its tier"] = new(Standard(), ["09:31", "18:00"], DayStatus.SeriousLate, Late: 31),
        ["serious late up to the absent tier"] = new(Standard(), ["11:00", "18:00"], DayStatus.SeriousLate, Late: 120),
        ["absent past the absent tier"] = new(Standard(), ["11:01", "18:00"], DayStatus.Absent),
        ["early leave one minute past grace"] = new(Standard(), ["08:59", "17:54"], DayStatus.EarlyLeave, Early: 6),
        ["early leave exactly at grace is fine"] = new(Standard(), ["08:59", "17:55"], DayStatus.Normal),
        ["missing in"] = new(Standard(), ["18:02"], DayStatus.MissingIn, Worked: 0),
        ["missing out"] = new(Standard(), ["08:58"], DayStatus.MissingOut, Worked: 0),
        ["double tap in the morning is no check-out"] = new(Standard(), ["08:58", "08:59"], DayStatus.MissingOut),
        ["absent without any punch"] = new(Standard(), [], DayStatus.Absent),
        ["punches outside the windows do not count"] = new(Standard(), ["06:59", "22:01"], DayStatus.Absent),
        ["window edges are inclusive"] = new(Standard(), ["07:00", "22:00"], DayStatus.Normal),
        ["check-out not required"] = new(Standard(requireCheckOut: false), ["08:58"], DayStatus.Normal, Worked: 480),
        ["night shift out belongs to the evening before"] = new(Standard("22:00", "06:00", noBreak: true), ["21:50", "+1 06:00"], DayStatus.Normal, Worked: 480),
        ["night shift left early"] = new(Standard("22:00", "06:00", noBreak: true), ["21:50", "+1 05:30"], DayStatus.EarlyLeave, Early: 30),
        ["flexible: 20 late, 20 later"] = new(Standard(flexible: 30), ["09:20", "18:20"], DayStatus.Normal, Worked: 480),
        ["flexible: 20 late but left at 18:10"] = new(Standard(flexible: 30), ["09:20", "18:10"], DayStatus.EarlyLeave, Early: 10),
        ["flexible: past the flexible minutes is late"] = new(Standard(flexible: 30), ["09:40", "18:30"], DayStatus.Late, Late: 10),
        ["two segments with lunch"] = new(TwoSegments(), ["08:55", "12:01", "12:58", "18:00"], DayStatus.Normal, Worked: 480),
        ["two segments: afternoon late"] = new(TwoSegments(), ["08:55", "12:01", "13:10", "18:00"], DayStatus.Late, Late: 10, Worked: 470),
        ["two segments: no afternoon check-in"] = new(TwoSegments(), ["08:55", "12:01", "18:00"], DayStatus.MissingIn),
        ["two segments: afternoon skipped"] = new(TwoSegments(), ["08:55", "12:01"], DayStatus.MissingIn, Worked: 180),
        ["two segments: morning late and afternoon early"] = new(TwoSegments(), ["09:10", "12:00", "13:00", "17:00"], DayStatus.Late, Late: 10, Early: 60),
        ["overtime below the minimum"] = new(Standard(overtime: Overtime), ["08:55", "19:20"], DayStatus.Normal, Overtime: 0),
        ["overtime counted after it starts"] = new(Standard(overtime: Overtime), ["08:55", "19:40"], DayStatus.Normal, Overtime: 70),
        ["overtime capped at the maximum"] = new(Standard(overtime: Overtime), ["08:55", "21:30"], DayStatus.Normal, Overtime: 120),
        ["full-day leave"] = new(Standard(), [], DayStatus.Leave, Leaves: ["09:00-18:00"]),
        ["morning leave excuses the late start"] = new(Standard(), ["10:55", "18:00"], DayStatus.Normal, Worked: 360, Leaves: ["09:00-11:00"]),
        ["afternoon leave excuses the early end"] = new(Standard(), ["08:55", "15:00"], DayStatus.Normal, Leaves: ["15:00-18:00"]),
        ["half-day leave and no punch is absent"] = new(Standard(), [], DayStatus.Absent, Leaves: ["09:00-13:00"]),
        ["approved correction counts like a punch"] = new(Standard(), ["08:57 in", "18:00 out"], DayStatus.Normal),
        ["holiday on an assigned weekday"] = new(Standard(), [], DayStatus.Holiday, Kind: DayKind.Holiday),
        ["rest day"] = new(Standard(), ["10:00"], DayStatus.Rest, Kind: DayKind.Rest),
        ["before joining"] = new(Standard(), [], DayStatus.Rest, JoinedOn: Monday.AddDays(1)),
        ["after leaving"] = new(Standard(), [], DayStatus.Rest, LeftOn: Monday.AddDays(-1)),
        ["on the joining day"] = new(Standard(), [], DayStatus.Absent, JoinedOn: Monday),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Evaluates_the_table(string name)
    {
        var c = Cases[name];
        var result = DayEvaluator.Evaluate(Input(c, Monday, Shanghai, now: At(Monday.AddDays(2), "12:00")));

        result.Status.Should().Be(c.Status);
        result.LateMinutes.Should().Be(c.Late);
        result.EarlyLeaveMinutes.Should().Be(c.Early);
        result.OvertimeMinutes.Should().Be(c.Overtime);
        if (c.Worked >= 0)
        {
            result.WorkedMinutes.Should().Be(c.Worked);
        }

        result.IsFinal.Should().BeTrue();
        result.Employed.Should().Be(c.JoinedOn is null && c.LeftOn is null || result.Status != DayStatus.Rest);
    }

    internal static DayInput Input(Case c, DateOnly date, TimeZoneInfo zone, DateTimeOffset now, int inReview = 0) => new()
    {
        UserId = "zhangsan",
        WorkDate = date,
        Kind = c.Kind,
        Shift = Valid(c.Shift),
        JoinedOn = c.JoinedOn,
        LeftOn = c.LeftOn,
        Punches = [.. c.Punches.Select(p => Punch(p, date, zone))],
        Leaves = [.. (c.Leaves ?? []).Select(l => new LeaveInterval(At(date, l[..5], zone), At(date, l[6..], zone)))],
        PunchesInReview = inReview,
        TimeZone = zone,
        Now = now,
    };
}
