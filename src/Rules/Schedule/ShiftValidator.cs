using Attendance.Rules.Common;

namespace Attendance.Rules.Schedule;

public static class ShiftValidator
{
    public const int DefaultCheckInOpensMinutesBefore = 120;
    public const int DefaultCheckOutClosesMinutesAfter = 240;
    public const int DefaultSeriousLateMinutes = 30;
    public const int DefaultAbsentLateMinutes = 120;
    public const int MaxSegments = 6;
    public const int MaxWindowMinutes = 720;
    public const int MaxGraceMinutes = 240;
    public const int MaxTierMinutes = 720;

    /// <summary>A pause longer than this between two segments is read as a mistake (e.g. segments listed out of
    /// order), because it would make one "shift" of what are really two.</summary>
    public const int MaxGapMinutes = 720;

    private const int Day = 1440;

    public static Shift? Validate(string id, ShiftSpec? spec, FieldErrors errors)
    {
        errors.Require(Identifiers.IsSlug(id), "id", Identifiers.SlugRule);
        if (spec is null)
        {
            errors.Add("$", "a shift body is required");
            return null;
        }

        errors.RequireText(spec.Name, "name", 64);
        var segments = ValidateSegments(spec.Segments, errors);

        var opens = Minutes(spec.CheckInOpensMinutesBefore, DefaultCheckInOpensMinutesBefore, MaxWindowMinutes, "checkInOpensMinutesBefore", errors);
        var closes = Minutes(spec.CheckOutClosesMinutesAfter, DefaultCheckOutClosesMinutesAfter, MaxWindowMinutes, "checkOutClosesMinutesAfter", errors);
        var lateGrace = Minutes(spec.LateGraceMinutes, 0, MaxGraceMinutes, "lateGraceMinutes", errors);
        var earlyGrace = Minutes(spec.EarlyLeaveGraceMinutes, 0, MaxGraceMinutes, "earlyLeaveGraceMinutes", errors);
        var serious = Minutes(spec.SeriousLateMinutes, Math.Max(DefaultSeriousLateMinutes, lateGrace), MaxTierMinutes, "seriousLateMinutes", errors);
        var absent = Minutes(spec.AbsentLateMinutes, Math.Max(DefaultAbsentLateMinutes, serious), MaxTierMinutes, "absentLateMinutes", errors);
        var flexible = Minutes(spec.FlexibleMinutes, 0, MaxGraceMinutes, "flexibleMinutes", errors);
        errors.Require(serious >= lateGrace, "seriousLateMinutes", "must be at least lateGraceMinutes");
        errors.Require(absent >= serious, "absentLateMinutes", "must be at least seriousLateMinutes");
        errors.Require(closes >= flexible, "checkOutClosesMinutesAfter",
            "must be at least flexibleMinutes, or a late arrival could not check out at the end it owes");

        var overtime = ValidateOvertime(spec.Overtime, closes, errors);
        MinuteRange? restBreak = null;
        if (segments is not null)
        {
            var span = segments[^1].End - segments[0].Start;
            errors.Require(opens + span + closes <= Day, "checkOutClosesMinutesAfter",
                "the punch windows and the shift together must fit in 24 hours, or one day's check-out would overlap the next day's check-in");
            restBreak = ValidateRestBreak(spec.RestBreak, segments, errors);
        }

        if (!errors.IsEmpty)
        {
            return null;
        }

        return new Shift(id, spec.Name!.Trim(), segments!, opens, closes, lateGrace, earlyGrace, serious, absent, flexible,
            restBreak, spec.RequireCheckOut ?? true, overtime);
    }

    private static MinuteRange[]? ValidateSegments(IReadOnlyList<ClockRangeSpec>? specs, FieldErrors errors)
    {
        if (specs is null || specs.Count == 0 || specs.Count > MaxSegments)
        {
            errors.Add("segments", $"must have between 1 and {MaxSegments} segments");
            return null;
        }

        var result = new MinuteRange[specs.Count];
        var ok = true;
        for (var i = 0; i < specs.Count; i++)
        {
            var field = $"segments[{i}]";
            if (!ParseRange(specs[i], field, errors, out var start, out var end))
            {
                ok = false;
                continue;
            }

            if (i > 0 && ok)
            {
                // A segment that starts earlier on the clock than the previous one ended is on the next day.
                var length = end - start;
                var previousEnd = result[i - 1].End;
                start += previousEnd / Day * Day;
                if (start < previousEnd)
                {
                    start += Day;
                }

                end = start + length;
                if (start - previousEnd > MaxGapMinutes)
                {
                    errors.Add(field, "segments must be listed in time order without overlapping");
                    ok = false;
                }
            }

            result[i] = new MinuteRange(start, end);
        }

        if (ok && result[^1].End - result[0].Start > Day)
        {
            errors.Add("segments", "the shift must span at most 24 hours from its first start to its last end");
            ok = false;
        }

        return ok ? result : null;
    }

    private static bool ParseRange(ClockRangeSpec? spec, string field, FieldErrors errors, out int start, out int end)
    {
        start = end = 0;
        var ok = errors.Require(ClockText.TryParse(spec?.Start, out start), $"{field}.start", ClockText.Rule);
        ok &= errors.Require(ClockText.TryParse(spec?.End, out end), $"{field}.end", ClockText.Rule);
        if (ok && end <= start)
        {
            end += Day;
        }

        return ok;
    }

    private static MinuteRange? ValidateRestBreak(ClockRangeSpec? spec, MinuteRange[] segments, FieldErrors errors)
    {
        if (spec is null || !ParseRange(spec, "restBreak", errors, out var start, out var end))
        {
            return null;
        }

        var first = segments[0].Start;
        if (start < first)
        {
            start += Day;
            end += Day;
        }

        if (end > segments[^1].End)
        {
            errors.Add("restBreak", "must lie inside the shift, between its first start and its last end");
            return null;
        }

        return new MinuteRange(start, end);
    }

    private static OvertimeRule? ValidateOvertime(OvertimeSpec? spec, int closes, FieldErrors errors)
    {
        if (spec is null)
        {
            return null;
        }

        var after = Minutes(spec.StartsAfterMinutes, 0, MaxWindowMinutes, "overtime.startsAfterMinutes", errors);
        var minimum = Minutes(spec.MinimumMinutes, 0, Day, "overtime.minimumMinutes", errors);
        var maximum = Minutes(spec.MaximumMinutes, MaxWindowMinutes, Day, "overtime.maximumMinutes", errors);
        errors.Require(maximum >= 1, "overtime.maximumMinutes", "must be at least 1");
        errors.Require(minimum <= maximum, "overtime.minimumMinutes", "must not exceed overtime.maximumMinutes");
        errors.Require(after + minimum <= closes, "checkOutClosesMinutesAfter",
            "must reach overtime.startsAfterMinutes + overtime.minimumMinutes, or overtime could never be punched");
        return new OvertimeRule(after, minimum, maximum);
    }

    private static int Minutes(int? value, int fallback, int max, string field, FieldErrors errors)
    {
        if (value is not { } v)
        {
            return fallback;
        }

        return errors.Require(v >= 0 && v <= max, field, $"must be between 0 and {max} minutes") ? v : fallback;
    }
}
