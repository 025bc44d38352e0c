using Attendance.Rules.Schedule;

namespace Attendance.Rules.Tests.Schedule;

public class DayRosterTests
{
    private static DateOnly D(int day) => new(2026, 11, day);

    [Fact]
    public void An_open_ended_assignment_is_cut_around_the_dates_and_keeps_its_open_end()
    {
        var own = new Assignment("lina", null, "late", D(10), null, Assignment.AllWeekdays, true, 7);

        var change = DayRoster.Plan("lina", [own], new Dictionary<DateOnly, string?> { [D(15)] = "day", [D(16)] = "day", [D(20)] = null });

        change.Removed.Should().ContainSingle().Which.Id.Should().Be(7);
        change.Added.Select(a => (a.ShiftId, a.From, a.To, a.FollowsCalendar)).Should().Equal(
            ("late", D(10), (DateOnly?)D(14), true),
            ("late", D(17), D(19), true),
            ("late", D(21), null, true),
            ("day", D(15), D(16), false),
            (null, D(20), D(20), false));
        change.Added.Should().OnlyContain(a => a.Id == 0);
        foreach (var a in change.Added)
        {
            AssignmentOverlap.FindConflict(a, change.Added.Where(b => !ReferenceEquals(a, b))).Should().BeNull();
        }
    }

    [Fact]
    public void Assignments_that_do_not_reach_the_dates_are_kept_and_pieces_without_a_rostered_weekday_are_dropped()
    {
        // Monday to Friday only; 2026-11-07 and 08 are Saturday and Sunday.
        var weekdays = new Assignment("lina", null, "day", D(2), D(9), 0b001_1111, false, 1);
        var later = new Assignment("lina", null, "late", D(23), D(27), Assignment.AllWeekdays, false, 2);

        var change = DayRoster.Plan("lina", [weekdays, later], new Dictionary<DateOnly, string?> { [D(6)] = "late", [D(9)] = "late" });

        change.Removed.Should().ContainSingle().Which.Id.Should().Be(1);
        change.Added.Select(a => (a.ShiftId, a.From, a.To)).Should().Equal(
            ("day", D(2), (DateOnly?)D(5)),
            ("late", D(6), D(6)),
            ("late", D(9), D(9)));
    }
}
