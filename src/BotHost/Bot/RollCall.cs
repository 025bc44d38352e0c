using System.Globalization;
using System.Text;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Bot;

/// <summary>The 部门 reply: expected, present, late, missing, absent and on leave for one department and date.</summary>
internal static class RollCall
{
    public static string Text(string department, DateOnly date, IReadOnlyList<DayResult> days, IReadOnlyDictionary<string, Employee> people)
    {
        var working = days.Where(d => d.Status is not (DayStatus.Rest or DayStatus.Holiday)).ToList();
        var leave = working.Where(d => d.Status == DayStatus.Leave).ToList();
        var absent = working.Where(d => d.Status == DayStatus.Absent).ToList();
        var present = working.Where(d => d.FirstIn is not null || d.LastOut is not null).ToList();
        var late = working.Where(d => (d.Anomalies & (DayAnomalies.Late | DayAnomalies.SeriousLate)) != 0).ToList();
        var missing = working.Where(d => (d.Anomalies & (DayAnomalies.MissingIn | DayAnomalies.MissingOut)) != 0 && d.Status != DayStatus.Absent).ToList();
        var review = working.Where(d => d.Status == DayStatus.PendingReview).ToList();
        var text = new StringBuilder($"{department} {BotText.Date(date)} 到岗情况");
        text.Append(CultureInfo.InvariantCulture,
            $"\n应到 {working.Count - leave.Count} · 已到 {present.Count} · 迟到 {late.Count} · 缺卡 {missing.Count} · 旷工 {absent.Count} · 请假 {leave.Count}");
        if (review.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" · 待复核 {review.Count}");
        }
        Names(text, "迟到", late, d => string.Create(CultureInfo.InvariantCulture, $"{Name(d)} {d.LateMinutes}分钟"));
        Names(text, "缺卡", missing, d => $"{Name(d)}（{BotText.StatusText(d)}）");
        Names(text, "旷工", absent, Name);
        Names(text, "请假", leave, Name);
        Names(text, "待复核", review, Name);
        if (working.Count == 0)
        {
            text.Append("\n当天没有人需要上班。");
        }

        return text.ToString();

        string Name(DayResult d) => people.TryGetValue(d.UserId, out var e) ? e.Name : d.UserId;
    }

    private static void Names(StringBuilder text, string label, List<DayResult> days, Func<DayResult, string> describe)
    {
        if (days.Count > 0)
        {
            text.Append('\n').Append(label).Append('：').AppendJoin("、", days.OrderBy(d => d.UserId, StringComparer.Ordinal).Select(describe));
        }
    }
}
