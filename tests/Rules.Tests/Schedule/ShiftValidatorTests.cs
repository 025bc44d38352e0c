using System.Text.Json;
using static Attendance.Rules.Tests.Schedule.ScheduleFixtures;

namespace Attendance.Rules.Tests.Schedule;

public class ShiftValidatorTests
{
    private static ShiftSpec With(
        IReadOnlyList<ClockRangeSpec>? segments = null, int? opens = null, int? closes = null, int? grace = null,
        int? earlyGrace = null, int? serious = null, int? absent = null, int? flexible = null, ClockRangeSpec? restBreak = null,
        OvertimeSpec? overtime = null, string? name = "白班") =>
        new(name, segments ?? [new("09:00", "18:00")], opens, closes, grace, earlyGrace, serious, absent, flexible, restBreak, null, overtime);

    public static TheoryData<string, ShiftSpec, string> Invalid => new()
    {
        { "day", With(segments: []), "segments" },
        { "day", With(segments: [new("9", "18:00")]), "segments[0].start" },
        { "day", With(segments: [new("09:00", "24:00")]), "segments[0].end" },
        { "day", With(segments: [new("09:00", "18:60")]), "segments[0].end" },
        { "day", With(segments: [new("13:00", "18:00"), new("09:00", "12:00")]), "segments[1]" },
        { "day", With(segments: [new("09:00", "12:30"), new("12:00", "18:00")]), "segments[1]" },
        { "day", With(segments: [new("08:00", "20:00"), new("20:00", "09:00")], opens: 0, closes: 0), "segments" },
        { "day", With(opens: -1), "checkInOpensMinutesBefore" },
        { "day", With(closes: 721), "checkOutClosesMinutesAfter" },
        { "day", With(segments: [new("05:00", "23:30")]), "checkOutClosesMinutesAfter" },
        { "day", With(grace: -5), "lateGraceMinutes" },
        { "day", With(earlyGrace: 300), "earlyLeaveGraceMinutes" },
        { "day", With(grace: 10, serious: 5), "seriousLateMinutes" },
        { "day", With(serious: 60, absent: 30), "absentLateMinutes" },
        { "day", With(flexible: 60, closes: 30), "checkOutClosesMinutesAfter" },
        { "day", With(restBreak: new("08:00", "09:30")), "restBreak" },
        { "day", With(restBreak: new("17:30", "18:30")), "restBreak" },
        { "day", With(restBreak: new("12:00", "1300")), "restBreak.end" },
        { "day", With(overtime: new(0, 120, 60)), "overtime.minimumMinutes" },
        { "day", With(overtime: new(60, 240, 300)), "checkOutClosesMinutesAfter" },
        { "day", With(overtime: new(0, 0, 0)), "overtime.maximumMinutes" },
        { "day", With(name: " "), "name" },
        { "bad id", With(), "id" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_impossible_shifts_naming_the_field(string id, ShiftSpec spec, string field)
    {
        var errors = new FieldErrors();
        ShiftValidator.Validate(id, spec, errors).Should().BeNull();
        errors.Items.Should().Contain(e => e.Field == field);
    }

    [Fact]
    public void Fills_in_sensible_defaults()
    {
        var shift = Valid(new ShiftSpec("白班", [new("09:00", "18:00")], null, null, null, null, null, null, null, null, null, null));
        shift.CheckInOpensMinutesBefore.Should().Be(120);
        shift.CheckOutClosesMinutesAfter.Should().Be(240);
        shift.LateGraceMinutes.Should().Be(0);
        shift.SeriousLateMinutes.Should().Be(30);
        shift.AbsentLateMinutes.Should().Be(120);
        shift.RequireCheckOut.Should().BeTrue();
        shift.Overtime.Should().BeNull();
        Valid(With(grace: 45)).SeriousLateMinutes.Should().Be(45);
    }

    [Fact]
    public void Reads_overnight_and_next_day_segments_as_minutes_of_the_work_date()
    {
        Valid(With(segments: [new("22:00", "06:00")], opens: 60, closes: 60)).Segments.Should().Equal([new MinuteRange(1320, 1800)]);
        var split = Valid(With(segments: [new("20:00", "23:30"), new("00:30", "04:00")], opens: 60, closes: 60, restBreak: new("02:00", "02:15")));
        split.Segments.Should().Equal([new MinuteRange(1200, 1410), new MinuteRange(1470, 1680)]);
        split.RestBreak.Should().Be(new MinuteRange(1560, 1575));
        Valid(TwoSegments()).Segments.Should().Equal([new MinuteRange(540, 720), new MinuteRange(780, 1080)]);
    }

    [Fact]
    public void Round_trips_through_its_json_spec()
    {
        var shift = Valid(With(segments: [new("22:00", "06:00")], opens: 60, closes: 180, grace: 5, restBreak: new("02:00", "02:30"),
            overtime: new(30, 60, 120)), "night");
        var json = JsonSerializer.Serialize(shift.ToSpec(), JsonSerializerOptions.Web);
        json.Should().Contain("\"segments\":[{\"start\":\"22:00\",\"end\":\"06:00\"}]");
        json.Should().Contain("\"checkInOpensMinutesBefore\":60");
        var back = JsonSerializer.Deserialize<ShiftSpec>(json, JsonSerializerOptions.Web);
        var again = Valid(back!, "night");
        again.Segments.Should().Equal(shift.Segments);
        again.Should().Be(shift with { Segments = again.Segments });
    }
}
