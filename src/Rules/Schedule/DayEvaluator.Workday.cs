namespace Attendance.Rules.Schedule;

public static partial class DayEvaluator
{
    /// <summary>Running totals of one workday, kept on the stack.</summary>
    private struct Tally
    {
        public DayAnomalies Anomalies;
        public long FirstIn;
        public long LastOut;
        public int Late;
        public int Early;
        public long Worked;
        public int Overtime;
        public long Leave;
        public int MissingPunches;
        public int LeaveSegments;
        public int SilentSegments;
        public int SilentMissing;
    }

    /// <summary>
    /// Segments are judged one by one and the day takes the most severe outcome. Windows: the first segment's opens
    /// <c>checkInOpensMinutesBefore</c> before its start, the last one's closes <c>checkOutClosesMinutesAfter</c>
    /// after its end, and between two segments the windows meet halfway through the pause (a punch exactly there
    /// goes to the earlier segment). Flexible minutes apply to the shift's first start and last end only.
    /// </summary>
    private static DayResult Workday(DayInput x, Shift shift, IReadOnlyList<DayPunch> punches)
    {
        var zone = x.TimeZone;
        var date = x.WorkDate;
        var now = x.Now.UtcTicks;
        var segments = shift.Segments;
        var opens = shift.CheckInOpensMinutesBefore * Minute;
        var closes = shift.CheckOutClosesMinutesAfter * Minute;
        long breakFrom = 0, breakTo = 0;
        if (shift.RestBreak is { } rest)
        {
            breakFrom = WorkDates.LocalToUtcTicks(date, rest.Start, zone);
            breakTo = WorkDates.LocalToUtcTicks(date, rest.End, zone);
        }

        var tally = new Tally { FirstIn = -1, LastOut = -1 };
        var start = WorkDates.LocalToUtcTicks(date, segments[0].Start, zone);
        long low = 0, high = 0, flexUsed = 0;
        var lowInclusive = true;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var end = WorkDates.LocalToUtcTicks(date, segments[i].End, zone);
            var nextStart = last ? 0 : WorkDates.LocalToUtcTicks(date, segments[i + 1].Start, zone);
            high = end + closes;
            var middle = last ? 0 : end + ((nextStart - end) / 2);
            if (!last && middle < high)
            {
                high = middle;
            }

            if (i == 0 || start - opens > low)
            {
                low = start - opens;
                lowInclusive = true;
            }

            FindPunches(punches, low, lowInclusive, high, start, end, out var inT, out var outT);
            var effectiveStart = PastLeave(x.Leaves, start);
            if (i == 0 && inT >= 0)
            {
                flexUsed = Math.Clamp(inT - effectiveStart, 0, shift.FlexibleMinutes * Minute);
            }

            var segment = new Segment(start, end, effectiveStart, i == 0 ? flexUsed : 0, last ? flexUsed : 0, high, i == 0, last);
            Judge(x, shift, segment, inT, outT, breakFrom, breakTo, now, ref tally);

            low = middle;
            lowInclusive = false;
            start = nextStart;
        }

        var working = segments.Count - tally.LeaveSegments;
        if (tally.SilentSegments > 0 && tally.SilentSegments == working)
        {
            tally.Anomalies |= DayAnomalies.Absent;
        }
        else if (tally.SilentSegments > 0)
        {
            tally.Anomalies |= DayAnomalies.MissingIn;
            tally.Anomalies |= tally.SilentMissing > tally.SilentSegments ? DayAnomalies.MissingOut : DayAnomalies.None;
            tally.MissingPunches += tally.SilentMissing;
        }

        var status = DayStatuses.MostSevere(tally.Anomalies) ?? (working == 0 ? DayStatus.Leave : DayStatus.Normal);
        return new DayResult
        {
            UserId = x.UserId,
            WorkDate = date,
            ShiftId = shift.Id,
            Kind = DayKind.Workday,
            Status = status,
            Anomalies = tally.Anomalies,
            FirstIn = At(tally.FirstIn),
            LastOut = At(tally.LastOut),
            LateMinutes = tally.Late,
            EarlyLeaveMinutes = tally.Early,
            WorkedMinutes = (int)(tally.Worked / Minute),
            OvertimeMinutes = tally.Overtime,
            LeaveMinutes = (int)(tally.Leave / Minute),
            MissingPunches = tally.MissingPunches,
            PunchesInReview = x.PunchesInReview,
            FieldPunches = x.FieldPunches,
            LocationExceptions = x.LocationExceptions,
            IsFinal = now >= high && x.PunchesInReview == 0,
            FinalAt = new DateTimeOffset(high, TimeSpan.Zero),
        };
    }

    /// <summary>One segment in UTC ticks. <see cref="FlexIn"/> is the lateness forgiven by flexible minutes (first
    /// segment), <see cref="FlexOut"/> the same amount owed at the end (last segment).</summary>
    private readonly record struct Segment(long Start, long End, long EffectiveStart, long FlexIn, long FlexOut, long WindowCloses, bool First, bool Last);

    private static void Judge(DayInput x, Shift shift, in Segment s, long inT, long outT, long breakFrom, long breakTo, long now, ref Tally tally)
    {
        var required = s.End + s.FlexOut;
        var effectiveEnd = BeforeLeave(x.Leaves, required);
        tally.Leave += LeaveOverlap(x.Leaves, s.Start, s.End, breakFrom, breakTo);
        if (s.EffectiveStart >= effectiveEnd)
        {
            tally.LeaveSegments++;
            return;
        }

        bool hasIn = inT >= 0, hasOut = outT >= 0;
        var outDecided = now >= s.WindowCloses;
        if (!hasIn && !hasOut)
        {
            // Until the absent threshold has passed a check-in could still come and merely be late.
            var inDecided = now > s.EffectiveStart + (((s.First ? shift.FlexibleMinutes : 0) + shift.AbsentLateMinutes) * Minute);
            if (outDecided || inDecided)
            {
                tally.SilentSegments++;
                tally.SilentMissing += 1 + (shift.RequireCheckOut && outDecided ? 1 : 0);
            }

            return;
        }

        if (hasIn)
        {
            tally.FirstIn = tally.FirstIn < 0 ? inT : tally.FirstIn;
            var late = (int)((inT - s.EffectiveStart - s.FlexIn) / Minute);
            if (late > shift.AbsentLateMinutes)
            {
                tally.Anomalies |= DayAnomalies.Absent;
            }
            else if (late > shift.LateGraceMinutes)
            {
                tally.Anomalies |= late > shift.SeriousLateMinutes ? DayAnomalies.SeriousLate : DayAnomalies.Late;
                tally.Late += late;
            }
        }
        else
        {
            tally.Anomalies |= DayAnomalies.MissingIn;
            tally.MissingPunches++;
        }

        if (hasOut)
        {
            tally.LastOut = outT;
            var earlyBy = (int)((effectiveEnd - outT) / Minute);
            if (shift.RequireCheckOut && earlyBy > shift.EarlyLeaveGraceMinutes)
            {
                tally.Anomalies |= DayAnomalies.EarlyLeave;
                tally.Early += earlyBy;
            }
        }
        else if (shift.RequireCheckOut && outDecided)
        {
            tally.Anomalies |= DayAnomalies.MissingOut;
            tally.MissingPunches++;
        }

        if (hasIn && (hasOut || !shift.RequireCheckOut))
        {
            var from = Math.Max(inT, s.Start);
            var to = hasOut ? Math.Min(outT, required) : effectiveEnd;
            if (to > from)
            {
                var worked = to - from - Overlap(breakFrom, breakTo, from, to) - LeaveOverlap(x.Leaves, from, to, breakFrom, breakTo);
                tally.Worked += Math.Max(0, worked);
            }
        }

        if (s.Last && hasIn && hasOut && shift.Overtime is { } rule)
        {
            var overtime = (int)((outT - required) / Minute) - rule.StartsAfterMinutes;
            if (overtime > 0 && overtime >= rule.MinimumMinutes)
            {
                tally.Overtime += Math.Min(overtime, rule.MaximumMinutes);
            }
        }
    }
}
