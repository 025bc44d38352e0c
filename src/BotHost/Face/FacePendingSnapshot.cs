using System.Text.Json;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.Rules.Geo;

namespace Attendance.BotHost.Face;

/// <summary>
/// A deferred face check as stored in <c>face_pending_checks</c>: the attempt and the anti-cheat history the punch was
/// scored with, so a check finished after a restart scores the punch as it would have then. Sites are not stored:
/// they are taken as they are when the check runs.
/// </summary>
public sealed record FacePendingSnapshot(
    PunchAttempt Attempt,
    bool LocationWithheld,
    IReadOnlyList<long> DepartmentIds,
    DateOnly WorkDate,
    IReadOnlyList<PriorPunch> TodayPunches,
    PriorPunch? PreviousPunch,
    IReadOnlyList<string> KnownDeviceIds,
    IReadOnlyList<string> OtherUsersOnDevice,
    IReadOnlyList<PriorPunch> SameCoordinatePunches,
    DateTimeOffset LocalTime)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    public static string Serialize(FacePendingCheck pending)
    {
        var c = pending.Context;
        return JsonSerializer.Serialize(new FacePendingSnapshot(pending.Attempt, pending.Attempt.LocationWithheld, c.DepartmentIds, c.WorkDate,
            c.TodayPunches, c.PreviousPunch, [.. c.KnownDeviceIds], [.. c.OtherUsersOnDevice], c.SameCoordinatePunches, pending.LocalTime), Json);
    }

    /// <summary>The check again, for this employee as they are now and the sites as they are now.</summary>
    public static FacePendingCheck Restore(string snapshot, Employee employee, SiteIndex sites)
    {
        var s = JsonSerializer.Deserialize<FacePendingSnapshot>(snapshot, Json) ?? throw new JsonException("empty face check snapshot");
        var context = new PunchContext(sites, s.DepartmentIds, s.WorkDate, s.TodayPunches, s.PreviousPunch,
            s.KnownDeviceIds.ToHashSet(StringComparer.Ordinal), s.OtherUsersOnDevice.ToHashSet(StringComparer.OrdinalIgnoreCase),
            s.SameCoordinatePunches, PunchSettings.Default);
        return new FacePendingCheck(employee, s.Attempt with { LocationWithheld = s.LocationWithheld }, context, s.LocalTime);
    }
}
