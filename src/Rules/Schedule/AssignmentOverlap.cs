using System.Globalization;
using System.Text;

namespace Attendance.Rules.Schedule;

/// <summary>Two assignments of the same employee (or the same department) must not claim the same weekday of the
/// same date: the roster would have to guess. This finds the first clash and says it in Chinese for HR.</summary>
public static class AssignmentOverlap
{
    private static readonly string[] WeekdayNames = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

    public static Assignment? FindConflict(Assignment candidate, IEnumerable<Assignment> existing)
    {
        foreach (var other in existing)
        {
            if (other.Id != 0 && other.Id == candidate.Id)
            {
                continue;
            }

            if (SameTarget(candidate, other) && (candidate.WeekdayMask & other.WeekdayMask) != 0 && RangesOverlap(candidate, other))
            {
                return other;
            }
        }

        return null;
    }

    /// <summary>Null when there is no clash, else a message such as
    /// "与已有排班冲突：2026-03-01 起 的 周一、周三 已排班次 day"。</summary>
    public static string? Check(Assignment candidate, IEnumerable<Assignment> existing) =>
        FindConflict(candidate, existing) is { } other ? Describe(candidate, other) : null;

    public static string Describe(Assignment candidate, Assignment other)
    {
        var text = new StringBuilder("与已有排班冲突：");
        text.Append(other.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        text.Append(other.To is { } to ? " 至 " + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : " 起");
        text.Append(" 的");
        var shared = candidate.WeekdayMask & other.WeekdayMask;
        var first = true;
        for (var d = 0; d < 7; d++)
        {
            if ((shared & (1 << d)) != 0)
            {
                text.Append(first ? " " : "、").Append(WeekdayNames[d]);
                first = false;
            }
        }

        text.Append(other.ShiftId is null ? " 已排休息" : " 已排班次 " + other.ShiftId);
        return text.ToString();
    }

    private static bool SameTarget(Assignment a, Assignment b) =>
        a.UserId is not null
            ? string.Equals(a.UserId, b.UserId, StringComparison.OrdinalIgnoreCase)
            : b.UserId is null && a.DepartmentId == b.DepartmentId;

    private static bool RangesOverlap(Assignment a, Assignment b) =>
        (a.To is null || b.From <= a.To) && (b.To is null || a.From <= b.To);
}
