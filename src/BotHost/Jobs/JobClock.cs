using Attendance.BotHost.Configuration;
using Attendance.Rules.Common;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Jobs;

/// <summary>Today's date in the company time zone, for jobs whose default date is "today" or "yesterday".</summary>
public sealed class JobClock(TimeProvider time, IOptions<AttendanceOptions> attendance)
{
    public TimeZoneInfo Zone => TimeZones.TryFind(attendance.Value.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);
}
