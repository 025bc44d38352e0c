namespace Attendance.Rules.Schedule;

/// <summary>
/// Maps instants to attendance (work) dates and work-date wall times to instants. Attendance dates do not change at
/// midnight: without a shift they change at the day boundary (default 04:00, so a 00:35 punch belongs to the day
/// before), and with a shift a punch belongs to the date its shift starts on.
/// </summary>
public static class WorkDates
{
    public static readonly TimeOnly DefaultBoundary = new(4, 0);

    /// <summary>The work date of <paramref name="instant"/> by the day boundary alone.</summary>
    public static DateOnly ByBoundary(DateTimeOffset instant, TimeZoneInfo zone, TimeOnly boundary)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        return TimeOnly.FromDateTime(local) < boundary ? date.AddDays(-1) : date;
    }

    /// <summary>
    /// The work date of a punch: the date (local calendar date, the day before or the day after) whose shift's punch
    /// windows contain it; if several do, the one whose working time is nearest, ties to the earlier date; if none
    /// do (rest days, punches outside every window), <see cref="ByBoundary"/>.
    /// </summary>
    /// <param name="shiftOn">The shift the employee works on a date, or null for rest, holiday or none.</param>
    public static DateOnly ForPunch(DateTimeOffset instant, TimeZoneInfo zone, TimeOnly boundary, Func<DateOnly, Shift?> shiftOn)
    {
        var localDate = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var t = instant.UtcTicks;
        DateOnly? best = null;
        var bestDistance = long.MaxValue;
        for (var d = -1; d <= 1; d++)
        {
            var date = localDate.AddDays(d);
            if (shiftOn(date) is not { } shift)
            {
                continue;
            }

            if (t < LocalToUtcTicks(date, shift.WindowOpens, zone) || t > LocalToUtcTicks(date, shift.WindowCloses, zone))
            {
                continue;
            }

            var start = LocalToUtcTicks(date, shift.FirstStart, zone);
            var end = LocalToUtcTicks(date, shift.LastEnd, zone);
            var distance = t < start ? start - t : t > end ? t - end : 0;
            if (distance < bestDistance)
            {
                best = date;
                bestDistance = distance;
            }
        }

        return best ?? ByBoundary(instant, zone, boundary);
    }

    public static DateTimeOffset LocalToUtc(DateOnly date, int minuteOfWorkDate, TimeZoneInfo zone) =>
        new(LocalToUtcTicks(date, minuteOfWorkDate, zone), TimeSpan.Zero);

    /// <summary>
    /// UTC ticks of the wall time <paramref name="minuteOfWorkDate"/> minutes after the local midnight of
    /// <paramref name="date"/> (negative or past 1440 for the day before or after). A wall time skipped by a DST
    /// change is read with the offset in force before the change (02:30 in a 02:00→03:00 gap is 03:30); a repeated
    /// wall time is read as standard time (the second occurrence).
    /// </summary>
    public static long LocalToUtcTicks(DateOnly date, int minuteOfWorkDate, TimeZoneInfo zone)
    {
        var local = new DateTime((date.DayNumber * TimeSpan.TicksPerDay) + (minuteOfWorkDate * TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
        return local.Ticks - zone.GetUtcOffset(local).Ticks;
    }
}
