using System.Globalization;
using System.Text;
using Attendance.Rules.Commands;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Bot;

/// <summary>The bot's fixed replies and how days, dates and people are written in chat.</summary>
public static class BotText
{
    /// <summary>The whole refusal: nothing about whether the other person or department exists.</summary>
    public const string Denied = "无权限";

    public const string NotACommand = "没看懂这句话。发送「帮助」查看考勤助手能做什么。";

    public const string UnknownCaller = "您不在考勤名单中或账号已停用，无法使用考勤助手。如有疑问请联系人事。";

    public const string Failed = "抱歉，处理您的消息时出错了，请稍后再试。";

    public const string Generating = "正在生成…";

    public const string ExportFailed = "导出失败：考勤表没能生成或上传，请稍后再试。";

    public const string ExportBusy = "导出任务太多，请稍后再试。";

    public static string Welcome => "欢迎使用考勤助手！在工作台打开「考勤打卡」即可一键打卡，异常和补卡提醒会在这里通知您。发送「帮助」查看可用指令。";

    private static readonly string[] Weekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    public static string Weekday(DateOnly date) => Weekdays[(int)date.DayOfWeek];

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "（" + Weekday(date) + "）";

    public static string Range(DateRange range) => range.From == range.To
        ? Date(range.From)
        : range.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + " 至 " + range.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Person(Employee employee) => $"{employee.Name}（{employee.UserId}）";

    /// <summary>"10-12 周一 迟到 上班 09:06 下班 18:01 迟到6分钟".</summary>
    public static string DayLine(DayResult day, TimeZoneInfo zone, bool withDate = true)
    {
        var line = new StringBuilder();
        if (withDate)
        {
            line.Append(day.WorkDate.ToString("MM-dd", CultureInfo.InvariantCulture)).Append(' ').Append(Weekday(day.WorkDate)).Append(' ');
        }

        line.Append(StatusText(day));
        if (day.FirstIn is { } first)
        {
            line.Append(" 上班 ").Append(Clock(first, zone));
        }

        if (day.LastOut is { } last)
        {
            line.Append(" 下班 ").Append(Clock(last, zone));
        }

        if (day.LateMinutes > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" 迟到{day.LateMinutes}分钟");
        }

        if (day.EarlyLeaveMinutes > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" 早退{day.EarlyLeaveMinutes}分钟");
        }

        if (day.PunchesInReview > 0)
        {
            line.Append(CultureInfo.InvariantCulture, $" {day.PunchesInReview}次打卡待复核");
        }

        if (!day.IsFinal && day.Status is not (DayStatus.Rest or DayStatus.Holiday))
        {
            line.Append("（未结束）");
        }

        return line.ToString();
    }

    /// <summary>The status label, with every anomaly when there are several (迟到、下班缺卡).</summary>
    public static string StatusText(DayResult day)
    {
        var labels = day.AnomalyNames.Select(n => DayStatuses.TryParse(n, out var s) ? DayStatuses.Label(s) : n).Distinct().ToList();
        if (day.Status == DayStatus.PendingReview)
        {
            // What holds whatever the reviewer decides, after the fact that the day waits for them.
            return labels.Count > 0 ? $"待复核（{string.Join("、", labels)}）" : DayStatuses.Label(day.Status);
        }

        return labels.Count > 1 ? string.Join("、", labels) : DayStatuses.Label(day.Status);
    }

    /// <summary>Totals of a range: "合计：出勤 8 天 · 迟到 1 次 · 早退 0 次 · 缺卡 0 次 · 旷工 1 天".</summary>
    public static string Totals(IReadOnlyList<DayResult> days)
    {
        var present = days.Count(d => d.FirstIn is not null || d.LastOut is not null);
        var late = days.Count(d => (d.Anomalies & (DayAnomalies.Late | DayAnomalies.SeriousLate)) != 0);
        var early = days.Count(d => (d.Anomalies & DayAnomalies.EarlyLeave) != 0);
        var missing = days.Sum(d => d.MissingPunches);
        var absent = days.Count(d => d.Status == DayStatus.Absent);
        var review = days.Count(d => d.Status == DayStatus.PendingReview);
        return string.Create(CultureInfo.InvariantCulture, $"合计：出勤 {present} 天 · 迟到 {late} 次 · 早退 {early} 次 · 缺卡 {missing} 次 · 旷工 {absent} 天")
               + (review > 0 ? string.Create(CultureInfo.InvariantCulture, $" · 待复核 {review} 天") : "");
    }

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
