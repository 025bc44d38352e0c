using System.Globalization;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Face;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching.Photos;
using Attendance.Data.Outbox;
using Attendance.Data.Punches;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching;

public sealed record PunchOutcome(PunchInsertOutcome Outcome, PunchResponse Response);

/// <summary>
/// One punch end to end: context (one batched history query, the cached site index), score, photo, then punch,
/// findings and alert in one transaction. The photo is written before the row and removed again when the row is
/// not written (failure, replay or conflict), so neither an orphan photo nor a punch without its evidence remains.
/// </summary>
public sealed class PunchService(
    PunchRepository punches,
    PunchHistoryRepository history,
    OutboxRepository outbox,
    SiteIndexCache sites,
    PunchAlerts alerts,
    IPhotoStore photos,
    PunchFaceCheck faceCheck,
    TimeProvider time,
    CompanyClock clock,
    Days.ScheduleSnapshotCache schedules,
    ILogger<PunchService> logger)
{
    public TimeZoneInfo Zone => clock.Zone;

    /// <summary>
    /// Scores and stores one punch. <paramref name="locationWithheld"/>: the employee has not consented to location
    /// processing, so a location sent anyway is dropped here, before anything uses or stores it.
    /// </summary>
    public async Task<PunchOutcome> SubmitAsync(Employee employee, ValidPunch punch, byte[]? photo, bool locationWithheld, CancellationToken cancellationToken)
    {
        if (locationWithheld)
        {
            punch = punch with { Location = null };
        }

        // Whole milliseconds: every store keeps them exactly (PostgreSQL has microseconds), so the first answer and
        // a replay read back from the row are identical.
        var now = WholeMilliseconds(time.GetUtcNow());
        // The date the punch's shift started on (a night shift's 06:00 check-out belongs to the evening before), by
        // the day boundary when no shift's window holds it; the same dating as imports and day evaluation.
        var schedule = await schedules.GetAsync(cancellationToken);
        var workDate = WorkDates.ForPunch(now, schedule.ZoneFor(employee), schedule.Boundary, d => schedule.ShiftOn(employee, d));
        var index = await sites.GetAsync(cancellationToken);
        var gcj02 = punch.Location is { IsUsable: true } l ? l.ToGcj02() : (Rules.Geo.GeoPoint?)null;
        var fixKey = gcj02 is { } g ? FixKey.Of(g) : (FixKey?)null;
        var past = await history.LoadAsync(employee.UserId, workDate, now, punch.DeviceId, fixKey, cancellationToken);
        var context = new PunchContext(index, employee.DepartmentIds, workDate, past.Today, past.Previous, past.KnownDeviceIds,
            past.OtherUsersOnDevice, past.SameFix, PunchSettings.Default);
        var attempt = new PunchAttempt(employee.UserId, now, punch.DeviceTime, punch.Kind, punch.Location, punch.Wifi, punch.DeviceId,
            photo is not null, null, null) { LocationWithheld = locationWithheld };
        var local = TimeZoneInfo.ConvertTime(now, Zone);
        var face = await faceCheck.CheckAsync(employee, attempt, context, PunchScorer.Score(attempt, context), photo, local, cancellationToken);
        var score = face.Score;

        // A pending face check alerts when it completes (FaceBackgroundVerifier), not now.
        var recipients = score.Verdict == PunchVerdict.Accepted || face.Pending is not null ? [] : await alerts.RecipientsAsync(employee, cancellationToken);
        var stored = photo is null ? null : await SaveAsync(photo, workDate, cancellationToken);
        var row = new StoredPunch(0, employee.UserId, punch.ClientPunchId, PunchSources.App, punch.Kind, now, punch.DeviceTime, now, workDate,
            score.Verdict, null, score.RiskScore, WithTime(score, local), punch.Location?.Latitude, punch.Location?.Longitude,
            punch.Location?.AccuracyMeters, punch.Location is { } loc ? (loc.CoordinateSystem == Rules.Geo.CoordinateSystem.Wgs84 ? "wgs84" : "gcj02") : null,
            fixKey is { } k ? PunchHistoryRepository.FixKeyText(k) : null, punch.Wifi?.Ssid, punch.Wifi?.Bssid, punch.DeviceId, score.Site?.Id,
            score.Site?.DistanceMeters, score.IsField, score.IsLocationException, punch.Note, stored?.Path, stored?.KeyId, punch.PayloadHash,
            score.Findings);

        PunchInsertResult result;
        try
        {
            var owed = faceCheck.RecordOwed(face, now);
            result = await punches.InsertAsync(row, recipients.Count == 0 && owed is null ? null : async (connection, transaction, id) =>
                {
                    if (recipients.Count > 0)
                    {
                        await outbox.EnqueueAsync(connection, transaction, alerts.Build(id, employee, recipients, score, local));
                    }

                    if (owed is not null)
                    {
                        await owed(connection, transaction, id);
                    }
                },
                cancellationToken);
        }
        catch
        {
            await DiscardAsync(stored);
            throw;
        }

        if (result.Outcome != PunchInsertOutcome.Created)
        {
            await DiscardAsync(stored);
        }

        faceCheck.AfterInsert(face, result);

        return new PunchOutcome(result.Outcome, PunchResponse.From(result.Punch, Zone, index));
    }

    /// <summary>The stored punch with this clientPunchId (a replay or a conflict), or null when there is none; nothing is scored.</summary>
    public async Task<PunchOutcome?> FindStoredAsync(string userId, ValidPunch punch, CancellationToken cancellationToken)
    {
        var existing = await punches.GetAsync(userId, punch.ClientPunchId, cancellationToken);
        if (existing is null)
        {
            return null;
        }

        var outcome = existing.PayloadHash == punch.PayloadHash ? PunchInsertOutcome.Replayed : PunchInsertOutcome.Conflict;
        return new PunchOutcome(outcome, PunchResponse.From(existing, Zone, await sites.GetAsync(cancellationToken)));
    }

    public async Task<IReadOnlyList<PunchResponse>> ListAsync(string userId, DateOnly workDate, CancellationToken cancellationToken)
    {
        var index = await sites.GetAsync(cancellationToken);
        return [.. (await punches.ListForUserAsync(userId, workDate, cancellationToken)).Select(p => PunchResponse.From(p, Zone, index))];
    }

    public static DateTimeOffset WholeMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>"上班打卡成功 08:52": an accepted punch tells the employee the time that was recorded.</summary>
    internal static string WithTime(PunchScore score, DateTimeOffset local)
    {
        if (score.Verdict != PunchVerdict.Accepted)
        {
            return score.Message;
        }

        var clock = local.ToString("HH:mm", CultureInfo.InvariantCulture);
        foreach (var prefix in (string[])[FindingMessages.AcceptedIn, FindingMessages.AcceptedOut, FindingMessages.Accepted])
        {
            if (score.Message.StartsWith(prefix, StringComparison.Ordinal))
            {
                return $"{prefix} {clock}{score.Message[prefix.Length..]}";
            }
        }

        return $"{score.Message} {clock}";
    }

    /// <summary>A photo store that cannot write (disk full, read-only, gone) is 503 with Retry-After, not 500: the client retries.</summary>
    private async Task<StoredPhoto> SaveAsync(byte[] photo, DateOnly workDate, CancellationToken cancellationToken)
    {
        try
        {
            return await photos.SaveAsync(photo, workDate, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException("The photo store cannot write", e);
        }
    }

    private async Task DiscardAsync(StoredPhoto? stored)
    {
        if (stored is null)
        {
            return;
        }

        try
        {
            await photos.DeleteAsync(stored.Path);
        }
        catch (IOException e)
        {
            logger.LogError(e, "Could not delete the photo {Path} of a punch that was not stored", stored.Path);
        }
    }
}
