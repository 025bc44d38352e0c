using Attendance.BotHost.Configuration;
using Attendance.BotHost.Jobs;
using Attendance.BotHost.WeComCallback;
using Attendance.Data;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
using Attendance.Rules.Sites;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Jobs;

/// <summary>
/// <c>wecom-checkin-push</c> (optional, unscheduled unless <c>Scheduling:Jobs:wecom-checkin-push</c> gives a cron):
/// the punches of a work date (default yesterday) that count, into WeCom's own 打卡 reports through
/// checkin/add_checkin_record, 200 records a call, coordinates as GCJ-02 degrees × 1,000,000, device_type 3 (其他).
/// Every record passes <see cref="CheckinRecordValidator"/> first. WeCom refuses a whole batch for one bad record,
/// so a batch refused for its content is split in halves until the bad records stand alone; those are parked (not
/// retried, logged and audited) and the rest are pushed. Transient and configuration errors are the client's to
/// retry and end the run without parking anything. A re-run for the same date pushes the same records again.
/// </summary>
public sealed class CheckinPushJob(
    WeComSettings wecom, IServiceProvider services, PunchRepository punches, AuditRepository audit, CompanyClock clock, ILogger<CheckinPushJob> logger)
    : IAttendanceJob
{
    public const string Name = "wecom-checkin-push";
    public const string Actor = Name;
    public const string ParkedAction = "wecom.checkin.parked";
    public const int MaxRecordsPerCall = 200;
    public const int MaxDetailsListed = 100;

    public async Task<JobSummary> RunAsync(JobArguments arguments, CancellationToken cancellationToken)
    {
        if (wecom.Value.ValidateApi().Count > 0)
        {
            return new JobSummary(new Dictionary<string, long>(), "WeCom is not configured; nothing pushed");
        }

        var date = arguments.Date ?? clock.Today().AddDays(-1);
        var counted = (await punches.ListForWorkDatesAsync(date, date, cancellationToken)).Where(p => p.Counts).ToList();
        var run = new Run(date, services.GetRequiredService<WeComClient>());
        var ready = new List<(StoredPunch Punch, WeComCheckinRecord Record)>(counted.Count);
        foreach (var punch in counted)
        {
            var check = CheckinRecordValidator.Check(ToRecord(punch));
            if (check.Record is null)
            {
                run.Invalid++;
                await ParkAsync(run, punch, null, check.Refusal!, cancellationToken);
                continue;
            }

            run.Fixed += check.IsFixed ? 1 : 0;
            ready.Add((punch, check.Record));
        }

        try
        {
            foreach (var chunk in ready.Chunk(MaxRecordsPerCall))
            {
                await PushAsync(run, chunk, cancellationToken);
            }
        }
        catch (Exception e) when (e is WeComException or WeComTransportException or HttpRequestException)
        {
            logger.LogWarning("wecom-checkin-push for {Date} stopped after pushing {Pushed} of {Records} records: {Error}",
                date, run.Pushed, counted.Count, e.Message);
            throw;
        }

        return new JobSummary(
            new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["records"] = counted.Count, ["pushed"] = run.Pushed, ["calls"] = run.Calls, ["fixed"] = run.Fixed,
                ["parked"] = run.Parked.Count, ["invalid"] = run.Invalid,
            },
            run.Parked.Count == 0 ? null : $"{run.Parked.Count} record(s) parked; see the audit log ({ParkedAction})",
            run.Parked.Count == 0 ? null : new { parked = run.Parked.Take(MaxDetailsListed).ToList() });
    }

    /// <summary>
    /// WeCom's record for a punch as we hold it; <see cref="CheckinRecordValidator"/> decides what is sendable.
    /// We have no device brand (the device id is an identifier, not a brand), so device_detail stays empty.
    /// </summary>
    public static WeComCheckinRecord ToRecord(StoredPunch punch)
    {
        ArgumentNullException.ThrowIfNull(punch);
        var mac = Bssid.Normalize(punch.WifiBssid) ?? punch.WifiBssid;
        var record = new WeComCheckinRecord
        {
            UserId = punch.UserId,
            CheckinTime = punch.CaptureTime.ToUnixTimeSeconds(),
            DeviceType = 3,
            Notes = punch.Kind == PunchKind.In ? "上班打卡" : punch.Kind == PunchKind.Out ? "下班打卡" : punch.Note,
            WifiName = punch.WifiSsid,
            WifiMac = mac,
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

    /// <summary>
    /// Whether WeCom refused the batch for what is in it. Token, busy and rate-limit answers have had the client's
    /// retries already, and credential or permission errors fail every record alike: splitting would not help.
    /// 60011 (a member outside the app's visible range) is about one record's userid, so it is the record's fault.
    /// </summary>
    public static bool IsRecordFault(WeComException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is not (WeComRateLimitedException or WeComCredentialException or WeComUntrustedIpException)
               && error.ErrorCode is not (WeComErrorCodes.Busy or WeComErrorCodes.InvalidAccessToken or WeComErrorCodes.AccessTokenExpired
                   or WeComErrorCodes.FrequencyLimited or WeComErrorCodes.ConcurrencyLimited or WeComErrorCodes.InvalidCredential
                   or WeComErrorCodes.InvalidCorpId or WeComErrorCodes.ApiForbidden or WeComErrorCodes.UntrustedIp);
    }

    private async Task PushAsync(Run run, (StoredPunch Punch, WeComCheckinRecord Record)[] batch, CancellationToken cancellationToken)
    {
        run.Calls++;
        try
        {
            await run.Client.ExecuteCgiBinCheckinAddCheckinRecordAsync(
                new CgiBinCheckinAddCheckinRecordRequest { Records = [.. batch.Select(b => b.Record)] }, cancellationToken);
            run.Pushed += batch.Length;
        }
        catch (WeComException e) when (IsRecordFault(e))
        {
            if (batch.Length == 1)
            {
                await ParkAsync(run, batch[0].Punch, e.ErrorCode, Clip(e.ErrorMessage), cancellationToken);
                return;
            }

            var half = batch.Length / 2;
            await PushAsync(run, [.. batch.Take(half)], cancellationToken);
            await PushAsync(run, [.. batch.Skip(half)], cancellationToken);
        }
    }

    private async Task ParkAsync(Run run, StoredPunch punch, int? errorCode, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("wecom-checkin-push parked punch {PunchId} of {UserId} ({Date}): errcode {ErrorCode}, {Reason}",
            punch.Id, punch.UserId, run.Date, errorCode, reason);
        var id = punch.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await audit.AppendAsync(Actor, ParkedAction, "punch", id,
            DataJson.Serialize(new { workDate = run.Date, userId = punch.UserId, errcode = errorCode, reason }), cancellationToken);
        run.Parked.Add(new ParkedRecord(punch.Id, punch.UserId, errorCode, reason));
    }

    // WeCom's errmsg carries a hint id and our egress IP, never a token; cut so one audit row stays small.
    private static string Clip(string message) => message.Length <= 300 ? message : message[..300];

    private sealed class Run(DateOnly date, WeComClient client)
    {
        public DateOnly Date { get; } = date;

        public WeComClient Client { get; } = client;

        public List<ParkedRecord> Parked { get; } = [];

        public int Pushed { get; set; }

        public int Calls { get; set; }

        public int Fixed { get; set; }

        public int Invalid { get; set; }
    }
}

/// <summary>A record that was not pushed and will not be retried: the punch, and WeCom's errcode or our reason.</summary>
public sealed record ParkedRecord(long PunchId, string UserId, int? ErrorCode, string Reason);
