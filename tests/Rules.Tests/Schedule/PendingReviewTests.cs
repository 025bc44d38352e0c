using static Attendance.Rules.Tests.Schedule.ScheduleFixtures;

namespace Attendance.Rules.Tests.Schedule;

/// <summary>
/// A punch in review (DESIGN §3): the day is evaluated as if it counted and as if it did not; when the two differ the
/// day is pending_review until a person decides, keeping only the anomalies that hold either way.
/// </summary>
public class PendingReviewTests
{
    public sealed record Case(string[] Counted, string[] InReview, DayStatus Status, DayAnomalies Anomalies);

    public static readonly Dictionary<string, Case> Cases = new()
    {
        ["the only check-in is flagged: not absent, pending"] = new(["18:02 out"], ["08:55 in"], DayStatus.PendingReview, DayAnomalies.None),
        ["no punch counts, both are flagged: pending, not absent"] = new([], ["08:55 in", "18:02 out"], DayStatus.PendingReview, DayAnomalies.None),
        ["a flagged extra punch changes nothing"] = new(["08:55 in", "18:02 out"], ["12:00"], DayStatus.Normal, DayAnomalies.None),
        ["flagged late check-in: missing_in or late, pending"] = new(["18:02 out"], ["09:20 in"], DayStatus.PendingReview, DayAnomalies.None),
        ["late either way stays late under pending"] = new(["09:20 in"], ["18:02 out"], DayStatus.PendingReview, DayAnomalies.Late),
        ["a flagged punch outside every window changes nothing"] = new([], ["23:30"], DayStatus.Absent, DayAnomalies.Absent),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Evaluates_with_and_without_the_flagged_punches(string name)
    {
        var c = Cases[name];
        var input = new DayInput
        {
            UserId = "zhangsan",
            WorkDate = Monday,
            Kind = DayKind.Workday,
            Shift = Valid(Standard()),
            Punches = [.. c.Counted.Select(p => Punch(p, Monday, Shanghai))],
            ReviewPunches = [.. c.InReview.Select(p => Punch(p, Monday, Shanghai))],
            PunchesInReview = c.InReview.Length,
            TimeZone = Shanghai,
            Now = At(Monday.AddDays(2), "12:00"),
        };

        var result = DayEvaluator.Evaluate(input);

        result.Status.Should().Be(c.Status);
        result.Anomalies.Should().Be(c.Anomalies);
        result.IsFinal.Should().BeFalse("a punch of the day still waits for a person");
        if (c.Status == DayStatus.PendingReview && (c.Anomalies & (DayAnomalies.MissingIn | DayAnomalies.MissingOut)) == 0)
        {
            result.MissingPunches.Should().Be(0, "a missing punch that the decision may fill is not counted yet");
        }
    }

    [Fact]
    public void Pending_review_has_its_wire_name_and_label()
    {
        DayStatuses.Name(DayStatus.PendingReview).Should().Be("pending_review");
        DayStatuses.Label(DayStatus.PendingReview).Should().Be("待复核");
        DayStatuses.TryParse("pending_review", out var parsed).Should().BeTrue();
        parsed.Should().Be(DayStatus.PendingReview);
    }
}
