using Attendance.Rules.Punching;
namespace Attendance.Rules.Schedule;

/// <summary>
/// Evaluates one employee's work date. Pure and allocation-light: one result object per day, no sorting, no LINQ;
/// shift times come precomputed from <see cref="Shift"/> and are turned into UTC instants once per day, so
/// comparisons are in real elapsed time even across a DST change.
/// Punch times are judged at minute precision (09:05:59 counts as 09:05), as shown to people.
/// </summary>
public static partial class DayEvaluator
{
    private const long Minute = TimeSpan.TicksPerMinute;

    public static DayResult Evaluate(DayInput input)
    {
        var date = input.WorkDate;
        var employed = (input.JoinedOn is null || date >= input.JoinedOn) && (input.LeftOn is null || date <= input.LeftOn);
        if (!employed || input.Kind != DayKind.Workday || input.Shift is not { } shift)
        {
            return NonWorking(input, employed);
        }

        var without = Workday(input, shift, input.Punches);
        if (input.ReviewPunches.Count == 0)
        {
            return without;
        }

        // A person decides a flagged punch (DESIGN §3): if approving it would change the day, the day waits for them
        // instead of showing an absence the rules alone would have created. Only anomalies (and their counters) that hold either
        // way stay.
        var with = Workday(input, shift, [.. input.Punches, .. input.ReviewPunches]);
        return with.Status == without.Status && with.Anomalies == without.Anomalies
            ? without
            : without with
            {
                Status = DayStatus.PendingReview,
                Anomalies = without.Anomalies & with.Anomalies,
                MissingPunches = Math.Min(without.MissingPunches, with.MissingPunches),
                LateMinutes = Math.Min(without.LateMinutes, with.LateMinutes),
                EarlyLeaveMinutes = Math.Min(without.EarlyLeaveMinutes, with.EarlyLeaveMinutes),
            };
    }

    /// <summary>Rest days, holidays, unscheduled days and days outside employment: no anomalies, punches only
    /// reported. Final at the next day boundary.</summary>
    private static DayResult NonWorking(DayInput x, bool employed)
    {
        long first = -1, last = -1;
        var punches = x.Punches;
        for (var i = 0; i < punches.Count; i++)
        {
            var t = Truncate(punches[i].At.UtcTicks);
            first = first < 0 || t < first ? t : first;
            last = t > last ? t : last;
        }

        var finalAt = WorkDates.LocalToUtcTicks(x.WorkDate.AddDays(1), (x.DayBoundary.Hour * 60) + x.DayBoundary.Minute, x.TimeZone);
        return new DayResult
        {
            UserId = x.UserId,
            WorkDate = x.WorkDate,
            Kind = x.Kind,
            Status = employed && x.Kind == DayKind.Holiday ? DayStatus.Holiday : DayStatus.Rest,
            FirstIn = At(first),
            LastOut = last > first ? At(last) : null,
            PunchesInReview = x.PunchesInReview,
            FieldPunches = x.FieldPunches,
            LocationExceptions = x.LocationExceptions,
            Employed = employed,
            IsFinal = x.Now.UtcTicks >= finalAt && x.PunchesInReview == 0,
            FinalAt = new DateTimeOffset(finalAt, TimeSpan.Zero),
        };
    }

    /// <summary>
    /// The check-in and check-out of one segment among the punches inside its window [low, high]. The earliest
    /// in-or-auto punch is the check-in, the latest out-or-auto punch the check-out. A lone auto punch is the
    /// check-in before the middle of the segment and the check-out after it; an auto "check-out" before the middle
    /// (a double tap in the morning) is no check-out; a check-out before the check-in is dropped.
    /// </summary>
    private static void FindPunches(IReadOnlyList<DayPunch> punches, long low, bool lowInclusive, long high, long start, long end,
        out long inT, out long outT)
    {
        inT = -1;
        outT = -1;
        int inIndex = -1, outIndex = -1;
        var outKind = PunchKind.Auto;
        for (var k = 0; k < punches.Count; k++)
        {
            var p = punches[k];
            var t = Truncate(p.At.UtcTicks);
            if (t > high || t < low || (t == low && !lowInclusive))
            {
                continue;
            }

            if (p.Kind != PunchKind.Out && (inIndex < 0 || t < inT))
            {
                inIndex = k;
                inT = t;
            }

            if (p.Kind != PunchKind.In && (outIndex < 0 || t >= outT))
            {
                outIndex = k;
                outT = t;
                outKind = p.Kind;
            }
        }

        var middle = start + ((end - start) / 2);
        if (inIndex >= 0 && inIndex == outIndex)
        {
            if (inT < middle)
            {
                outT = -1;
            }
            else
            {
                inT = -1;
            }
        }
        else if (outIndex >= 0 && ((outKind == PunchKind.Auto && outT < middle) || (inIndex >= 0 && outT < inT)))
        {
            outT = -1;
        }
    }

    /// <summary>Moves <paramref name="t"/> forward to the end of any leave covering it (leaves may chain).</summary>
    private static long PastLeave(IReadOnlyList<LeaveInterval> leaves, long t)
    {
        for (var moved = true; moved;)
        {
            moved = false;
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].From.UtcTicks <= t && leaves[i].To.UtcTicks > t)
                {
                    t = leaves[i].To.UtcTicks;
                    moved = true;
                }
            }
        }

        return t;
    }

    /// <summary>Moves <paramref name="t"/> back to the start of any leave reaching it.</summary>
    private static long BeforeLeave(IReadOnlyList<LeaveInterval> leaves, long t)
    {
        for (var moved = true; moved;)
        {
            moved = false;
            for (var i = 0; i < leaves.Count; i++)
            {
                if (leaves[i].From.UtcTicks < t && leaves[i].To.UtcTicks >= t)
                {
                    t = leaves[i].From.UtcTicks;
                    moved = true;
                }
            }
        }

        return t;
    }

    /// <summary>Leave inside [from, to], not counting the rest break (a break is neither work nor leave).</summary>
    private static long LeaveOverlap(IReadOnlyList<LeaveInterval> leaves, long from, long to, long breakFrom, long breakTo)
    {
        long sum = 0;
        for (var i = 0; i < leaves.Count; i++)
        {
            var a = Math.Max(leaves[i].From.UtcTicks, from);
            var b = Math.Min(leaves[i].To.UtcTicks, to);
            if (b > a)
            {
                sum += b - a - Overlap(breakFrom, breakTo, a, b);
            }
        }

        return sum;
    }

    private static long Overlap(long a1, long a2, long b1, long b2) => Math.Max(0, Math.Min(a2, b2) - Math.Max(a1, b1));

    private static long Truncate(long ticks) => ticks - (ticks % Minute);

    private static DateTimeOffset? At(long ticks) => ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
}
