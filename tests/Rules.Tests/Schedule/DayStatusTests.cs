using Attendance.Rules.Schedule;

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
        Assert.Equal(status, DayStatuses.MostSevere(anomalies));
        Assert.Equal(names, DayStatuses.Names(anomalies));
        Assert.Null(DayStatuses.MostSevere(DayAnomalies.None));
    }

    [Fact]
    public void Every_status_has_a_json_name_that_parses_back_and_a_chinese_label()
    {
        string[] expected = ["normal", "late", "serious_late", "early_leave", "missing_in", "missing_out", "absent", "rest", "holiday", "leave", "pending_review"];
        Assert.Equal(expected, Enum.GetValues<DayStatus>().Select(DayStatuses.Name));
        foreach (var status in Enum.GetValues<DayStatus>())
        {
            Assert.True(DayStatuses.TryParse(DayStatuses.Name(status), out var back));
            Assert.Equal(status, back);
            Assert.False(string.IsNullOrEmpty(DayStatuses.Label(status)));
        }

        Assert.False(DayStatuses.TryParse("Late", out _));
    }
}
