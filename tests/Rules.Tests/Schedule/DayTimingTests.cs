using static Attendance.Rules.Tests.Schedule.ScheduleFixtures;

namespace Attendance.Rules.Tests.Schedule;

/// <summary>Time zones, DST, day boundaries and when a day becomes final.</summary>
public class DayTimingTests
{
    private static DayInput Input(ShiftSpec shift, DateOnly date, TimeZoneInfo zone, DateTimeOffset now, params string[] punches) =>
        DayEvaluatorTests.Input(new DayEvaluatorTests.Case(shift, punches, DayStatus.Normal), date, zone, now);

    [Theory]
    [InlineData("2026-03-28", 420)] // spring forward in the night: 22:00 → 06:00 is seven real hours
    [InlineData("2026-10-24", 540)] // fall back: nine real hours
    [InlineData("2026-03-21", 480)]
    public void A_Berlin_night_shift_counts_real_hours_across_DST(string day, int worked)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var result = DayEvaluator.Evaluate(Input(Standard("22:00", "06:00", noBreak: true), date, Berlin,
            At(date.AddDays(3), "12:00"), "22:00", "+1 06:00"));
        result.Status.Should().Be(DayStatus.Normal);
        result.WorkedMinutes.Should().Be(worked);
    }

    [Fact]
    public void A_Berlin_day_shift_is_judged_on_Berlin_wall_time()
    {
        var date = new DateOnly(2026, 7, 6); // CEST, UTC+2
        var result = DayEvaluator.Evaluate(Input(Standard(), date, Berlin, At(date.AddDays(1), "12:00"), "09:06", "18:00"));
        result.Status.Should().Be(DayStatus.Late);
        result.LateMinutes.Should().Be(6);
        result.FirstIn.Should().Be(new DateTimeOffset(2026, 7, 6, 7, 6, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_wall_time_skipped_by_DST_is_read_after_the_gap()
    {
        var utc = WorkDates.LocalToUtc(new DateOnly(2026, 3, 29), (2 * 60) + 30, Berlin);
        utc.Should().Be(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void A_punch_at_0035_belongs_to_the_previous_day_by_the_0400_boundary()
    {
        var punch = At(Monday, "00:35");
        WorkDates.ByBoundary(punch, Shanghai, WorkDates.DefaultBoundary).Should().Be(Monday.AddDays(-1));
        WorkDates.ByBoundary(At(Monday, "04:00"), Shanghai, WorkDates.DefaultBoundary).Should().Be(Monday);
        WorkDates.ForPunch(punch, Shanghai, WorkDates.DefaultBoundary, _ => Valid(Standard())).Should().Be(Monday.AddDays(-1));
    }

    [Fact]
    public void A_night_shift_punch_at_0600_belongs_to_the_evening_before()
    {
        var night = Valid(Standard("22:00", "06:00", noBreak: true));
        var tuesday0600 = At(Monday.AddDays(1), "06:00");
        WorkDates.ForPunch(tuesday0600, Shanghai, WorkDates.DefaultBoundary, _ => night).Should().Be(Monday);
        WorkDates.ForPunch(At(Monday.AddDays(1), "21:50"), Shanghai, WorkDates.DefaultBoundary, _ => night).Should().Be(Monday.AddDays(1));
    }

    [Fact]
    public void An_early_shift_check_in_before_midnight_belongs_to_the_next_date()
    {
        var early = Valid(new ShiftSpec("早班", [new("00:30", "08:30")], null, null, null, null, null, null, null, null, null, null));
        var sunday2300 = At(Monday.AddDays(-1), "23:00");
        WorkDates.ForPunch(sunday2300, Shanghai, WorkDates.DefaultBoundary, _ => early).Should().Be(Monday);
    }

    [Fact]
    public void A_day_is_final_only_once_the_last_check_out_window_has_closed()
    {
        var shift = Standard();
        var open = DayEvaluator.Evaluate(Input(shift, Monday, Shanghai, At(Monday, "21:59"), "08:55"));
        open.IsFinal.Should().BeFalse();
        open.Status.Should().Be(DayStatus.Normal); // a check-out can still come
        open.FinalAt.Should().Be(At(Monday, "22:00"));

        var closed = DayEvaluator.Evaluate(Input(shift, Monday, Shanghai, At(Monday, "22:00"), "08:55"));
        closed.IsFinal.Should().BeTrue();
        closed.Status.Should().Be(DayStatus.MissingOut);
    }

    [Fact]
    public void Nobody_is_absent_before_the_absent_threshold_has_passed()
    {
        var shift = Standard();
        DayEvaluator.Evaluate(Input(shift, Monday, Shanghai, At(Monday, "11:00"))).Status.Should().Be(DayStatus.Normal);
        var later = DayEvaluator.Evaluate(Input(shift, Monday, Shanghai, At(Monday, "11:01")));
        later.Status.Should().Be(DayStatus.Absent);
        later.IsFinal.Should().BeFalse();
    }

    [Fact]
    public void A_day_with_punches_in_review_is_not_final()
    {
        var c = new DayEvaluatorTests.Case(Standard(), [], DayStatus.Absent);
        var result = DayEvaluator.Evaluate(DayEvaluatorTests.Input(c, Monday, Shanghai, At(Monday.AddDays(5), "12:00"), inReview: 1));
        result.IsFinal.Should().BeFalse();
        result.PunchesInReview.Should().Be(1);
    }

    [Fact]
    public void A_rest_day_is_final_at_the_next_day_boundary_and_reports_its_punches()
    {
        var c = new DayEvaluatorTests.Case(Standard(), ["10:00", "15:30", "+1 00:35"], DayStatus.Rest, Kind: DayKind.Rest);
        var result = DayEvaluator.Evaluate(DayEvaluatorTests.Input(c, Monday, Shanghai, At(Monday.AddDays(1), "04:00")));
        result.IsFinal.Should().BeTrue();
        result.FirstIn.Should().Be(At(Monday, "10:00"));
        result.LastOut.Should().Be(At(Monday.AddDays(1), "00:35"));
        result.Status.Should().Be(DayStatus.Rest);
        result.ShiftId.Should().BeNull();
    }
}
