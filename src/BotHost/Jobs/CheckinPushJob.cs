using Attendance.BotHost.Scheduling;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Punches;
using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// <c>wecom-checkin-push</c> (optional, unscheduled unless <c>Scheduling:Jobs:wecom-checkin-push</c> gives a cron):
/// the punches of a work date (default yesterday) that count, into WeCom's own 打卡 reports through
/// checkin/add_checkin_record, 200 records a call, coordinates as GCJ-02 degrees × 1,000,000, device_type 3 (其他).
/// </summary>
public sealed class CheckinPushJob(WeComSettings wecom, IServiceProvider services, PunchRepository punches, JobClock clock) : IAttendanceJob
{
    public const string Name = "wecom-checkin-push";
    public const int MaxRecordsPerCall = 200;

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        if (wecom.Value.ValidateApi().Count > 0)
        {
            return new JobSummary(new Dictionary<string, long>(), "WeCom is not configured; nothing pushed");
        }

        var date = arguments.Date ?? clock.Today.AddDays(-1);
        var counted = (await punches.ListForWorkDatesAsync(date, date, cancellationToken)).Where(p => p.Counts).ToList();
        var client = services.GetRequiredService<WeComClient>();
        var calls = 0;
        foreach (var chunk in counted.Chunk(MaxRecordsPerCall))
        {
            await client.ExecuteCgiBinCheckinAddCheckinRecordAsync(
                new CgiBinCheckinAddCheckinRecordRequest { Records = [.. chunk.Select(ToRecord)] }, cancellationToken);
            calls++;
        }

        return JobSummary.Of(("records", counted.Count), ("calls", calls));
    }

    public static WeComCheckinRecord ToRecord(StoredPunch punch)
    {
        var record = new WeComCheckinRecord
        {
            UserId = punch.UserId,
            CheckinTime = punch.CaptureTime.ToUnixTimeSeconds(),
            DeviceType = 3,
            Notes = punch.Kind == PunchKind.In ? "上班打卡" : punch.Kind == PunchKind.Out ? "下班打卡" : punch.Note,
            WifiName = punch.WifiSsid,
            WifiMac = punch.WifiBssid,
            DeviceDetail = punch.DeviceId,
        };
        if (punch is { Latitude: { } lat, Longitude: { } lng })
        {
            var from = string.Equals(punch.CoordinateSystem, "wgs84", StringComparison.OrdinalIgnoreCase) ? CoordinateSystem.Wgs84 : CoordinateSystem.Gcj02;
            var gcj = ChinaDatum.ToGcj02(new GeoPoint(lat, lng), from);
            record.Latitude = (long)Math.Round(gcj.Latitude * 1_000_000);
            record.Longitude = (long)Math.Round(gcj.Longitude * 1_000_000);
        }

        return record;
    }
}
