namespace Attendance.Rules.Schedule;

/// <summary>
/// The evaluated day (the contract's day result, plus counters). Instants are UTC; the API renders them with the
/// zone's offset. <see cref="Employed"/> false means the date is before joining or after leaving: status is rest.
/// </summary>
public sealed record DayResult
{
    public required string UserId { get; init; }

    public required DateOnly WorkDate { get; init; }

    public string? ShiftId { get; init; }

    public DayKind Kind { get; init; }

    public DayStatus Status { get; init; }

    public DayAnomalies Anomalies { get; init; }

    public DateTimeOffset? FirstIn { get; init; }

    public DateTimeOffset? LastOut { get; init; }

    public int LateMinutes { get; init; }

    public int EarlyLeaveMinutes { get; init; }

    public int WorkedMinutes { get; init; }

    public int OvertimeMinutes { get; init; }

    /// <summary>Minutes of approved leave inside the shift's working time.</summary>
    public int LeaveMinutes { get; init; }

    /// <summary>Missing check-ins plus missing check-outs over all segments (not counting absent days).</summary>
    public int MissingPunches { get; init; }

    public int PunchesInReview { get; init; }

    public int FieldPunches { get; init; }

    public int LocationExceptions { get; init; }

    public bool Employed { get; init; } = true;

    /// <summary>True once <see cref="FinalAt"/> has passed and no punch of the day waits for review.</summary>
    public bool IsFinal { get; init; }

    /// <summary>When the last check-out window closes (rest days: the next day boundary). The finalize job
    /// re-evaluates days with <c>!IsFinal</c> once this has passed.</summary>
    public DateTimeOffset FinalAt { get; init; }

    public string StatusName => DayStatuses.Name(Status);

    public string[] AnomalyNames => DayStatuses.Names(Anomalies);
}
