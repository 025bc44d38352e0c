using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Attendance.BotHost.Days;
using Attendance.BotHost.Infrastructure;
using Attendance.Data;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Geo;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Punching;

public sealed record ImportLocation(double? Latitude, double? Longitude, double? Accuracy, string? CoordinateSystem);

public sealed record ImportWifi(string? Ssid, string? Bssid);

public sealed record ImportRecord(string? UserId, DateTimeOffset? Time, string? Kind, string? Source, string? DeviceId, ImportLocation? Location,
    ImportWifi? Wifi);

/// <summary>Body of <c>POST /api/admin/punches/import</c>.</summary>
public sealed record ImportRequest(IReadOnlyList<ImportRecord>? Records);

public sealed record ImportSummary(int Received, int Created, int Duplicates, int Conflicts, int Rejected);

/// <summary>
/// Punches from kiosks, WeCom's own 打卡 data or HR, with their original capture time: scored by the same rules as
/// live punches (no device time, so no clock-skew finding), stored idempotently under
/// <c>import:{source}:{unix ms}</c> per employee, then the touched days are evaluated again.
/// </summary>
public sealed class PunchImportService(
    PunchRepository punches,
    SiteRepository sites,
    DayService days,
    Data.Schedule.DayInputRepository inputs,
    TimeProvider time)
{
    public const int MaxRecords = 1000;

    public async Task<ImportSummary> ImportAsync(ImportRequest? request, CancellationToken cancellationToken = default)
    {
        var records = request?.Records ?? throw InputException.Invalid("records", "is required");
        var errors = new FieldErrors();
        errors.Require(records.Count is > 0 and <= MaxRecords, "records", $"must hold between 1 and {MaxRecords} records");
        var kinds = new PunchKind[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            Validate(records[i], $"records[{i}]", errors, out kinds[i]);
        }

        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var employees = (await inputs.ListEmployeesAsync(DateOnly.MinValue, cancellationToken: cancellationToken))
            .ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; errors.IsEmpty && i < records.Count; i++)
        {
            errors.Require(employees.ContainsKey(records[i].UserId!), $"records[{i}].userId", "no employee has this userid");
        }

        if (!errors.IsEmpty)
        {
            throw InputException.Invalid(errors);
        }

        var index = SiteIndex.Build(await sites.ListAsync(cancellationToken));
        int created = 0, duplicates = 0, conflicts = 0, rejected = 0;
        var touched = new Dictionary<DateOnly, HashSet<string>>();
        for (var i = 0; i < records.Count; i++)
        {
            var r = records[i];
            var employee = employees[r.UserId!];
            var stored = Score(r, kinds[i], employee, schedule, index);
            var result = await punches.InsertAsync(stored, cancellationToken: cancellationToken);
            switch (result.Outcome)
            {
                case PunchInsertOutcome.Created:
                    created++;
                    rejected += stored.Verdict == PunchVerdict.Rejected ? 1 : 0;
                    (touched.TryGetValue(stored.WorkDate, out var users) ? users : touched[stored.WorkDate] = new(StringComparer.OrdinalIgnoreCase))
                        .Add(employee.UserId);
                    break;
                case PunchInsertOutcome.Replayed:
                    duplicates++;
                    break;
                default:
                    conflicts++;
                    break;
            }
        }

        foreach (var (date, users) in touched.OrderBy(t => t.Key))
        {
            await days.RecomputeAsync(date, date, users, cancellationToken: cancellationToken);
        }

        return new ImportSummary(records.Count, created, duplicates, conflicts, rejected);
    }

    private StoredPunch Score(ImportRecord r, PunchKind kind, Employee employee, ScheduleSnapshot schedule, SiteIndex index)
    {
        var at = r.Time!.Value.ToUniversalTime();
        var zone = schedule.ZoneFor(employee);
        var workDate = WorkDates.ForPunch(at, zone, schedule.Boundary, d => schedule.ShiftOn(employee, d));
        bool? inside = schedule.ShiftOn(employee, workDate) is { } shift
            ? at >= WorkDates.LocalToUtc(workDate, shift.WindowOpens, zone) && at < WorkDates.LocalToUtc(workDate, shift.WindowCloses + 1, zone)
            : null;
        var location = r.Location is { } l
            ? new PunchLocation(l.Latitude!.Value, l.Longitude!.Value, l.Accuracy ?? 0,
                string.Equals(l.CoordinateSystem, "wgs84", StringComparison.OrdinalIgnoreCase) ? CoordinateSystem.Wgs84 : CoordinateSystem.Gcj02)
            : null;
        var wifi = r.Wifi is { } w ? new PunchWifi(w.Ssid, w.Bssid) : null;
        var score = PunchScorer.Score(new PunchAttempt(employee.UserId, at, null, kind, location, wifi, r.DeviceId, false, null, inside),
            PunchContext.For(index, employee.DepartmentIds, workDate));
        var source = r.Source!.ToLowerInvariant();
        return new StoredPunch(0, employee.UserId, $"import:{source}:{at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}", source, kind,
            time.GetUtcNow(), null, at, workDate, score.Verdict, null, score.RiskScore, score.Message, location?.Latitude, location?.Longitude,
            location?.AccuracyMeters, location is null ? null : location.CoordinateSystem == CoordinateSystem.Wgs84 ? "wgs84" : "gcj02",
            score.Gcj02 is { } g ? string.Create(CultureInfo.InvariantCulture, $"{g.Latitude:F6},{g.Longitude:F6}") : null,
            wifi?.Ssid, wifi?.Bssid, r.DeviceId, score.Site?.Id, score.Site?.DistanceMeters, score.IsField, score.IsLocationException, null, null, null,
            Hash(r, kind, source), score.Findings);
    }

    private static void Validate(ImportRecord? r, string prefix, FieldErrors errors, out PunchKind kind)
    {
        kind = PunchKind.Auto;
        if (r is null)
        {
            errors.Add(prefix, "a record is required");
            return;
        }

        errors.Require(Identifiers.IsUserId(r.UserId), $"{prefix}.userId", Identifiers.UserIdRule);
        errors.Require(r.Time is not null, $"{prefix}.time", "is required (ISO-8601 with offset)");
        errors.Require(PunchWireNames.TryParseKind(r.Kind, out kind), $"{prefix}.kind", "must be auto, in or out");
        errors.Require(r.Source?.ToLowerInvariant() is PunchSources.Kiosk or PunchSources.WeCom or PunchSources.Manual, $"{prefix}.source",
            "must be kiosk, wecom or manual");
        if (r.DeviceId is not null)
        {
            errors.RequireText(r.DeviceId, $"{prefix}.deviceId", 64);
        }

        if (r.Location is { } l)
        {
            errors.Require(l.Latitude is >= -90 and <= 90, $"{prefix}.location.latitude", "must be between -90 and 90");
            errors.Require(l.Longitude is >= -180 and <= 180, $"{prefix}.location.longitude", "must be between -180 and 180");
            errors.Require(l.Accuracy is null or (>= 0 and <= 100_000), $"{prefix}.location.accuracy", "must be between 0 and 100000 metres");
            errors.Require(l.CoordinateSystem?.ToLowerInvariant() is null or "gcj02" or "wgs84", $"{prefix}.location.coordinateSystem",
                "must be gcj02 or wgs84");
        }

        if (r.Wifi is { } w)
        {
            errors.Require(w.Ssid is null || w.Ssid.Length <= 64, $"{prefix}.wifi.ssid", "must be at most 64 characters");
            errors.Require(w.Bssid is null || w.Bssid.Length <= 64, $"{prefix}.wifi.bssid", "must be at most 64 characters");
        }
    }

    private static string Hash(ImportRecord r, PunchKind kind, string source)
    {
        var text = DataJson.Serialize(new { r.UserId, time = r.Time!.Value.ToUnixTimeMilliseconds(), kind = kind.ToWire(), source, r.DeviceId, r.Location, r.Wifi });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
