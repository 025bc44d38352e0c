namespace Attendance.Rules.Schedule;

/// <summary>
/// A span of the work date in minutes from its local midnight. <see cref="End"/> may pass 1440 (the next morning),
/// so overnight arithmetic never has to wrap.
/// </summary>
public readonly record struct MinuteRange(int Start, int End)
{
    public int Length => End - Start;
}

public sealed record OvertimeRule(int StartsAfterMinutes, int MinimumMinutes, int MaximumMinutes);

/// <summary>
/// A validated shift. Times are precomputed as minutes from the local midnight of the work date (the date the shift
/// starts on), in order, so the day evaluator never parses or sorts.
/// </summary>
public sealed record Shift(
    string Id,
    string Name,
    IReadOnlyList<MinuteRange> Segments,
    int CheckInOpensMinutesBefore,
    int CheckOutClosesMinutesAfter,
    int LateGraceMinutes,
    int EarlyLeaveGraceMinutes,
    int SeriousLateMinutes,
    int AbsentLateMinutes,
    int FlexibleMinutes,
    MinuteRange? RestBreak,
    bool RequireCheckOut,
    OvertimeRule? Overtime)
{
    public int FirstStart => Segments[0].Start;

    public int LastEnd => Segments[^1].End;

    /// <summary>Minute (from the work date's midnight) at which the last check-out window closes.</summary>
    public int WindowCloses => LastEnd + CheckOutClosesMinutesAfter;

    public int WindowOpens => FirstStart - CheckInOpensMinutesBefore;

    /// <summary>The stored and echoed form: <c>ShiftValidator.Validate(id, shift.ToSpec())</c> gives the shift back.</summary>
    public ShiftSpec ToSpec()
    {
        var segments = new ClockRangeSpec[Segments.Count];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = new ClockRangeSpec(ClockText.Format(Segments[i].Start), ClockText.Format(Segments[i].End));
        }

        return new ShiftSpec(Name, segments, CheckInOpensMinutesBefore, CheckOutClosesMinutesAfter, LateGraceMinutes,
            EarlyLeaveGraceMinutes, SeriousLateMinutes, AbsentLateMinutes, FlexibleMinutes,
            RestBreak is { } b ? new ClockRangeSpec(ClockText.Format(b.Start), ClockText.Format(b.End)) : null,
            RequireCheckOut,
            Overtime is { } o ? new OvertimeSpec(o.StartsAfterMinutes, o.MinimumMinutes, o.MaximumMinutes) : null);
    }
}
