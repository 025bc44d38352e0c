using Attendance.Data.Schedule;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Days;

/// <summary>A punch as shown with its day: stored punches and approved 补卡 (<c>source: correction</c>).</summary>
public sealed record DayPunchView(long Id, DateTimeOffset Time, string Kind, string Source, string Verdict, bool Counts, bool IsField,
    bool IsLocationException);

/// <summary>The contract's day result, plus counters; times in the employee's zone; <c>departmentId</c> is the
/// employee's main department (the console groups 今日 by it).</summary>
public sealed record DayView(
    string UserId,
    string? Name,
    long? DepartmentId,
    DateOnly WorkDate,
    string? ShiftId,
    string Status,
    string StatusLabel,
    IReadOnlyList<string> Anomalies,
    DateTimeOffset? FirstIn,
    DateTimeOffset? LastOut,
    int LateMinutes,
    int EarlyLeaveMinutes,
    int WorkedMinutes,
    int OvertimeMinutes,
    int LeaveMinutes,
    int MissingPunches,
    int PunchesInReview,
    int FieldPunches,
    int LocationExceptions,
    bool IsFinal,
    IReadOnlyList<DayPunchView> Punches)
{
    public static DayView From(DayResult d, Employee e, TimeZoneInfo zone, IEnumerable<DayPunchRecord> punches, IEnumerable<Correction> corrections)
    {
        var list = punches.Where(p => p.UserId.Equals(d.UserId, StringComparison.OrdinalIgnoreCase) && p.WorkDate == d.WorkDate)
            .Select(p => new DayPunchView(p.Id, Local(p.CaptureTime, zone), p.Kind.ToWire(), p.Source, Verdict(p), p.Counts, p.IsField, p.IsLocationException))
            .Concat(corrections.Where(c => c.UserId.Equals(d.UserId, StringComparison.OrdinalIgnoreCase) && c.WorkDate == d.WorkDate)
                .Select(c => new DayPunchView(c.Id, Local(c.Time, zone), c.Kind.ToWire(), "correction", "approved", true, false, false)))
            .OrderBy(p => p.Time)
            .ToList();
        return new DayView(d.UserId, e.Name, e.MainDepartmentId, d.WorkDate, d.ShiftId, d.StatusName, DayStatuses.Label(d.Status), d.AnomalyNames,
            d.FirstIn is { } i ? Local(i, zone) : null, d.LastOut is { } o ? Local(o, zone) : null, d.LateMinutes, d.EarlyLeaveMinutes,
            d.WorkedMinutes, d.OvertimeMinutes, d.LeaveMinutes, d.MissingPunches, d.PunchesInReview, d.FieldPunches, d.LocationExceptions, d.IsFinal,
            list);
    }

    private static DateTimeOffset Local(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone);

    private static string Verdict(DayPunchRecord p) => p.Decision ?? p.Verdict.ToWire();
}
