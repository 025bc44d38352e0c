namespace Attendance.Rules.Common;

/// <summary>
/// The dates the service accepts from outside. Attendance lives in the present; the bounds keep every date arithmetic
/// (a day before, a month after, a zone's offset) far from DateOnly's and DateTimeOffset's limits, so a year-1 or
/// year-9999 input is a clear 400 instead of an overflow.
/// </summary>
public static class SupportedDates
{
    public static readonly DateOnly Min = new(2000, 1, 1);
    public static readonly DateOnly Max = new(2099, 12, 31);

    public const string Message = "must be a date between 2000-01-01 and 2099-12-31";

    public static bool Contains(DateOnly date) => date >= Min && date <= Max;

    public static bool Contains(DateTimeOffset instant) => Contains(DateOnly.FromDateTime(instant.UtcDateTime));
}
