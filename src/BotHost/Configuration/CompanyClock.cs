using Attendance.Rules.Common;
using Attendance.Rules.Schedule;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Configuration;

/// <summary>
/// The company's time, built once from <c>Attendance:TimeZone</c> and <c>Attendance:DayBoundary</c>: its zone, and
/// "today" as attendance counts it. A work day does not end at midnight but at the day boundary (04:00 by default),
/// so at 02:00 it is still yesterday's work day, for a night shift's check-out, for someone whose last day that was,
/// and for every job that asks for "today". Everything that needs the company's date or zone asks here.
/// </summary>
public sealed class CompanyClock(TimeProvider time, IOptions<AttendanceOptions> options)
{
    // Read on first use, not when constructed: a service built before the start-up validation ran must not turn one
    // bad option into the only error reported (the validation names every bad key at once). An unknown zone never
    // gets past that validation; UTC only guards a test's bare options.
    private readonly Lazy<(TimeZoneInfo Zone, TimeOnly Boundary)> _settings = new(() =>
        (TimeZones.TryFind(options.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc, options.Value.DayBoundaryTime));

    public TimeZoneInfo Zone => _settings.Value.Zone;

    public TimeOnly DayBoundary => _settings.Value.Boundary;

    /// <summary>Today's work date.</summary>
    public DateOnly Today() => WorkDateOf(time.GetUtcNow());

    /// <summary>The work date <paramref name="instant"/> falls on by the day boundary (no shift considered).</summary>
    public DateOnly WorkDateOf(DateTimeOffset instant) => WorkDates.ByBoundary(instant, Zone, DayBoundary);

    /// <summary><paramref name="instant"/> on the company's wall clock.</summary>
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
