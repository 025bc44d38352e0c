namespace Attendance.Rules.Directory;

/// <summary>Where and when a department's daily digest goes.</summary>
public sealed record DigestSettings(string? RobotKey, string? ChatId, string? Cron, string? TimeZone)
{
    public static readonly DigestSettings None = new(null, null, null, null);
}

/// <summary>A department, keyed by its WeCom department id.</summary>
public sealed record Department(
    long Id,
    string Name,
    long? ParentId,
    IReadOnlyList<string> LeaderUserIds,
    DigestSettings Digest);
