namespace Attendance.Rules.Schedule;

/// <summary>The shift as it arrives in <c>PUT /api/admin/shifts/{id}</c> and as it is stored: everything optional so
/// that a missing field gets a clear error or a documented default rather than a silent zero.</summary>
public sealed record ShiftSpec(
    string? Name,
    IReadOnlyList<ClockRangeSpec>? Segments,
    int? CheckInOpensMinutesBefore,
    int? CheckOutClosesMinutesAfter,
    int? LateGraceMinutes,
    int? EarlyLeaveGraceMinutes,
    int? SeriousLateMinutes,
    int? AbsentLateMinutes,
    int? FlexibleMinutes,
    ClockRangeSpec? RestBreak,
    bool? RequireCheckOut,
    OvertimeSpec? Overtime);

/// <summary>A wall-clock range, <c>"HH:mm"</c> to <c>"HH:mm"</c>; an end at or before the start is on the next day.</summary>
public sealed record ClockRangeSpec(string? Start, string? End);

public sealed record OvertimeSpec(int? StartsAfterMinutes, int? MinimumMinutes, int? MaximumMinutes);
