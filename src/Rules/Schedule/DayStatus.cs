namespace Attendance.Rules.Schedule;

/// <summary>The day status vocabulary of the API, digests and exports (JSON names via <see cref="DayStatuses"/>).</summary>
public enum DayStatus
{
    Normal,
    Late,
    SeriousLate,
    EarlyLeave,
    MissingIn,
    MissingOut,
    Absent,
    Rest,
    Holiday,
    Leave,

    /// <summary>The outcome depends on a punch a person has not yet decided (待复核): never counted as an absence.</summary>
    PendingReview,
}

/// <summary>The anomalies of a day as flags, so that evaluating a day allocates no list.</summary>
[Flags]
public enum DayAnomalies
{
    None = 0,
    Late = 1,
    SeriousLate = 2,
    EarlyLeave = 4,
    MissingIn = 8,
    MissingOut = 16,
    Absent = 32,
}

public static class DayStatuses
{
    /// <summary>Most severe first: absent > missing_in, missing_out > serious_late > late > early_leave.</summary>
    private static readonly (DayAnomalies Flag, DayStatus Status)[] Severity =
    [
        (DayAnomalies.Absent, DayStatus.Absent),
        (DayAnomalies.MissingIn, DayStatus.MissingIn),
        (DayAnomalies.MissingOut, DayStatus.MissingOut),
        (DayAnomalies.SeriousLate, DayStatus.SeriousLate),
        (DayAnomalies.Late, DayStatus.Late),
        (DayAnomalies.EarlyLeave, DayStatus.EarlyLeave),
    ];

    public static string Name(DayStatus status) => status switch
    {
        DayStatus.Normal => "normal",
        DayStatus.Late => "late",
        DayStatus.SeriousLate => "serious_late",
        DayStatus.EarlyLeave => "early_leave",
        DayStatus.MissingIn => "missing_in",
        DayStatus.MissingOut => "missing_out",
        DayStatus.Absent => "absent",
        DayStatus.Rest => "rest",
        DayStatus.Holiday => "holiday",
        DayStatus.PendingReview => "pending_review",
        _ => "leave",
    };

    /// <summary>Chinese label for digests and exports.</summary>
    public static string Label(DayStatus status) => status switch
    {
        DayStatus.Normal => "正常",
        DayStatus.Late => "迟到",
        DayStatus.SeriousLate => "严重迟到",
        DayStatus.EarlyLeave => "早退",
        DayStatus.MissingIn => "上班缺卡",
        DayStatus.MissingOut => "下班缺卡",
        DayStatus.Absent => "旷工",
        DayStatus.Rest => "休息",
        DayStatus.Holiday => "节假日",
        DayStatus.PendingReview => "待复核",
        _ => "请假",
    };

    public static bool TryParse(string? name, out DayStatus status)
    {
        for (var s = DayStatus.Normal; s <= DayStatus.PendingReview; s++)
        {
            if (string.Equals(Name(s), name, StringComparison.Ordinal))
            {
                status = s;
                return true;
            }
        }

        status = DayStatus.Normal;
        return false;
    }

    /// <summary>The most severe anomaly's status, or null when there is none.</summary>
    public static DayStatus? MostSevere(DayAnomalies anomalies)
    {
        foreach (var (flag, status) in Severity)
        {
            if ((anomalies & flag) != 0)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>The JSON <c>anomalies[]</c>, most severe first.</summary>
    public static string[] Names(DayAnomalies anomalies)
    {
        var names = new List<string>(2);
        foreach (var (flag, status) in Severity)
        {
            if ((anomalies & flag) != 0)
            {
                names.Add(Name(status));
            }
        }

        return [.. names];
    }
}
