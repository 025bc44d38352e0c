using Attendance.Rules.Schedule;

namespace Attendance.Rules.Digests;

/// <summary>Full: yesterday's final days. RollCall: this morning's late arrivals and missing check-ins.</summary>
public enum DigestKind
{
    Full,
    RollCall,
}

/// <summary>One employee's day as a digest sees it (built from a <see cref="DayResult"/> and the employee's name).</summary>
public sealed record DigestRow(
    string Name,
    string UserId,
    DayStatus Status,
    DayAnomalies Anomalies,
    int LateMinutes = 0,
    int EarlyLeaveMinutes = 0,
    bool IsField = false,
    bool InReview = false)
{
    public static DigestRow From(DayResult day, string name) => new(
        name, day.UserId, day.Status, day.Anomalies, day.LateMinutes, day.EarlyLeaveMinutes, day.FieldPunches > 0, day.PunchesInReview > 0);
}

/// <summary>A department's day for the digest; <see cref="Expected"/> is 应到 (employees with a working day).</summary>
public sealed record DigestInput(string DepartmentName, DateOnly Date, DigestKind Kind, IReadOnlyList<DigestRow> Rows, int Expected);

/// <summary>The eight counts at the top of a digest.</summary>
public sealed record DigestCounts(int Expected, int Present, int Late, int EarlyLeave, int Missing, int Absent, int Field, int InReview);

/// <summary>
/// A built digest: the markdown parts (each within the byte limit it was built for, numbered "(i/n)" when more than
/// one), and the userids to @-mention in a separate text message.
/// </summary>
public sealed record BuiltDigest(DigestCounts Counts, IReadOnlyList<string> Parts, IReadOnlyList<string> MentionUserIds);
