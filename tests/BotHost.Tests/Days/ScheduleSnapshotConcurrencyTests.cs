using Attendance.BotHost.Days;
using Attendance.Rules.Calendar;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Tests.Days;

/// <summary>
/// One schedule snapshot serves every punch at once (ScheduleSnapshotCache): planning from many threads works out each
/// person's zone and roster once and corrupts nothing. With plain dictionaries the storm bench's punches failed with
/// "Operations that change non-concurrent collections must have exclusive access".
/// </summary>
public sealed class ScheduleSnapshotConcurrencyTests
{
    [Fact]
    public async Task Many_punches_at_once_plan_from_one_snapshot()
    {
        var departments = Enumerable.Range(1, 50).Select(d => new Department(d, $"部门{d}", null, [], DigestSettings.None)).ToList();
        var shift = ShiftValidator.Validate("day", new ShiftSpec("白班", [new("09:00", "18:00")], 60, 60, 5, 5, 30, 120, 0, null, true, null),
            new Attendance.Rules.Common.FieldErrors())!;
        var roster = AssignmentValidator.Validate(new AssignmentSpec(null, 1, "day", new DateOnly(2026, 1, 1), null, null), new Attendance.Rules.Common.FieldErrors())!;
        var snapshot = new ScheduleSnapshot([shift], [roster], WorkCalendar.China(), departments, TimeZoneInfo.Utc, WorkDates.DefaultBoundary);
        var people = Enumerable.Range(0, 20_000)
            .Select(i => new Employee($"e{i:00000}", $"员工{i}", [(i % 50) + 1], (i % 50) + 1, [], true, [Role.Employee], null, null)).ToArray();
        var monday = new DateOnly(2026, 3, 2);

        var shifts = await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            var seen = new string?[people.Length];
            for (var k = 0; k < people.Length; k++)
            {
                // Each thread goes through everyone, from a different place, so first uses collide.
                var i = (k + (thread * 2_500)) % people.Length;
                snapshot.ZoneFor(people[i]).Should().Be(TimeZoneInfo.Utc);
                seen[i] = snapshot.ShiftOn(people[i], monday)?.Id;
            }

            return seen;
        })));

        foreach (var seen in shifts)
        {
            seen.Select((id, i) => (id, i)).Where(x => x.id != (x.i % 50 == 0 ? "day" : null)).Should().BeEmpty(
                "department 1's people work the day shift on a Monday, nobody else has one");
        }

        people.Select(p => snapshot.RosterFor(p)).Should().OnlyHaveUniqueItems("one roster is worked out per person and kept");
    }
}
