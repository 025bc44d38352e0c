
namespace Attendance.Rules.Tests.Schedule;

public class DayStatusTests
{
    [Theory]
    [InlineData(DayAnomalies.Late | DayAnomalies.EarlyLeave, DayStatus.Late, new[] { "late", "early_leave" })]
    [InlineData(DayAnomalies.SeriousLate | DayAnomalies.MissingOut, DayStatus.MissingOut, new[] { "missing_out", "serious_late" })]
    [InlineData(DayAnomalies.MissingIn | DayAnomalies.MissingOut, DayStatus.MissingIn, new[] { "missing_in", "missing_out" })]
    [InlineData(DayAnomalies.Absent | DayAnomalies.MissingOut, DayStatus.Absent, new[] { "absent", "missing_out" })]
    public void The_status_is_the_most_severe_anomaly(DayAnomalies anomalies, DayStatus status, string[] names)
    {
        DayStatuses.MostSevere(anomalies).Should().Be(status);
        DayStatuses.Names(anomalies).Should().Equal(names);
        DayStatuses.MostSevere(DayAnomalies.None).Should().BeNull();
    }

    [Fact]
    public void Every_status_has_a_json_name_that_parses_back_and_a_chinese_label()
    {
        string[] expected = ["normal", "late", "serious_late", "early_leave", "missing_in", "missing_out", "absent", "rest", "holiday", "leave", "pending_review"];
        Enum.GetValues<DayStatus>().Select(DayStatuses.Name).Should().Equal(expected);
        foreach (var status in Enum.GetValues<DayStatus>())
        {
            DayStatuses.TryParse(DayStatuses.Name(status), out var back).Should().BeTrue();
            back.Should().Be(status);
            string.IsNullOrEmpty(DayStatuses.Label(status)).Should().BeFalse();
        }

        DayStatuses.TryParse("Late", out _).Should().BeFalse();
    }
}
