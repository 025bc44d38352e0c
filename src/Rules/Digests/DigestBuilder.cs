using System.Globalization;
using System.Text;
using Attendance.Rules.Schedule;

namespace Attendance.Rules.Digests;

/// <summary>
/// Builds a department's anomaly digest in Chinese: title, counts, the names with their anomalies, and a pointer to
/// the bot command for details. Split into numbered parts by whole lines so every part fits WeCom's byte limit.
/// </summary>
public static class DigestBuilder
{
    /// <summary>Group robot markdown limit (UTF-8 bytes).</summary>
    public const int RobotMarkdownMaxBytes = 4096;

    /// <summary>App message / app chat markdown limit (UTF-8 bytes); also the text limit used for mentions.</summary>
    public const int AppMarkdownMaxBytes = 2048;

    // Room for " (99/99)" after the title, reserved when a digest must be split.
    private const int NumberingReserve = 8;
    private const int MaxNameLength = 32;

    private static readonly (DayAnomalies Flag, DayStatus Status)[] BySeverity =
    [
        (DayAnomalies.Absent, DayStatus.Absent),
        (DayAnomalies.MissingIn, DayStatus.MissingIn),
        (DayAnomalies.MissingOut, DayStatus.MissingOut),
        (DayAnomalies.SeriousLate, DayStatus.SeriousLate),
        (DayAnomalies.Late, DayStatus.Late),
        (DayAnomalies.EarlyLeave, DayStatus.EarlyLeave),
    ];

    public static BuiltDigest Build(DigestInput input, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        var counts = Count(input);
        var title = Title(input);
        var head = new List<string> { CountsLine(counts) };
        var names = input.Rows.Where(Listed).OrderByDescending(r => Severity(r.Anomalies)).ThenBy(r => r.UserId, StringComparer.Ordinal)
            .Select(NameLine).ToList();
        head.Add(names.Count == 0 ? "无考勤异常" : "异常名单：");
        var footer = input.Kind == DigestKind.Full ? "发送「异常 昨天」查看详情" : "发送「异常 今天」查看详情";

        var whole = string.Join('\n', [title, .. head, .. names, footer]);
        if (Bytes(whole) <= maxBytes)
        {
            return new BuiltDigest(counts, [whole], Mentions(input));
        }

        return new BuiltDigest(counts, Split(title, head, names, footer, maxBytes), Mentions(input));
    }

    /// <summary>The text of the @-mention message sent after the digest (mentioned_list carries the userids).</summary>
    public static string MentionText(DigestInput input) =>
        input.Kind == DigestKind.Full ? "以上同事昨日考勤有异常，请核对，如需补卡请及时申请。" : "以上同事今日尚未打上班卡或迟到，请留意。";

    public static DigestCounts Count(DigestInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int present = 0, late = 0, early = 0, missing = 0, absent = 0, field = 0, review = 0;
        foreach (var row in input.Rows)
        {
            var a = row.Anomalies;
            if (Has(a, DayAnomalies.Late) || Has(a, DayAnomalies.SeriousLate)) late++;
            if (Has(a, DayAnomalies.EarlyLeave)) early++;
            if (Has(a, DayAnomalies.MissingIn) || Has(a, DayAnomalies.MissingOut)) missing++;
            if (Has(a, DayAnomalies.Absent)) absent++;
            if (row.IsField) field++;
            if (row.InReview) review++;
            if (IsPresent(row, input.Kind)) present++;
        }

        return new DigestCounts(input.Expected, present, late, early, missing, absent, field, review);
    }

    /// <summary>Chinese description of one row's anomalies, most severe first, e.g. "迟到 12 分钟、下班缺卡".</summary>
    public static string Describe(DigestRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var parts = new List<string>();
        foreach (var (flag, status) in BySeverity)
        {
            if (!Has(row.Anomalies, flag))
            {
                continue;
            }

            parts.Add(status switch
            {
                DayStatus.Late or DayStatus.SeriousLate when row.LateMinutes > 0 => $"{DayStatuses.Label(status)} {row.LateMinutes} 分钟",
                DayStatus.EarlyLeave when row.EarlyLeaveMinutes > 0 => $"{DayStatuses.Label(status)} {row.EarlyLeaveMinutes} 分钟",
                _ => DayStatuses.Label(status),
            });
        }

        if (row.InReview) parts.Add("打卡待复核");
        if (row.IsField) parts.Add("外勤");
        return string.Join('、', parts);
    }

    public static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    private static List<string> Split(string title, List<string> head, List<string> names, string footer, int maxBytes)
    {
        var budget = maxBytes - NumberingReserve;
        var lines = new List<string>(head.Count + names.Count + 1);
        lines.AddRange(head);
        lines.AddRange(names);
        lines.Add(footer);
        var parts = new List<List<string>>();
        var current = new List<string> { title };
        var size = Bytes(title);
        foreach (var line in lines)
        {
            var lineBytes = Bytes(line) + 1;
            if (Bytes(title) + lineBytes > budget)
            {
                throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "a single digest line does not fit the limit");
            }

            if (size + lineBytes > budget)
            {
                parts.Add(current);
                current = [title];
                size = Bytes(title);
            }

            current.Add(line);
            size += lineBytes;
        }

        parts.Add(current);
        return [.. parts.Select((p, i) => string.Join('\n',
            [string.Create(CultureInfo.InvariantCulture, $"{p[0]} ({i + 1}/{parts.Count})"), .. p.Skip(1)]))];
    }

    private static string Title(DigestInput input)
    {
        var what = input.Kind == DigestKind.Full ? "考勤日报" : "上班点名";
        return $"**{Clip(input.DepartmentName, 64)} {input.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {what}**";
    }

    private static string CountsLine(DigestCounts c) =>
        $"> 应到 {c.Expected}　实到 {c.Present}　迟到 {c.Late}　早退 {c.EarlyLeave}　缺卡 {c.Missing}　旷工 {c.Absent}　外勤 {c.Field}　待复核 {c.InReview}";

    private static string NameLine(DigestRow row) => $"- {Clip(row.Name, MaxNameLength)}（{row.UserId}）：{Describe(row)}";

    private static bool Listed(DigestRow row) => row.Anomalies != DayAnomalies.None || row.InReview;

    private static bool IsPresent(DigestRow row, DigestKind kind)
    {
        if (row.Status is DayStatus.Rest or DayStatus.Holiday or DayStatus.Leave || Has(row.Anomalies, DayAnomalies.Absent))
        {
            return false;
        }

        // At roll call a missing check-in means the person has not arrived; on the full day they came but forgot.
        return kind == DigestKind.Full || !Has(row.Anomalies, DayAnomalies.MissingIn);
    }

    private static IReadOnlyList<string> Mentions(DigestInput input) =>
        [.. input.Rows.Where(r => r.Anomalies != DayAnomalies.None).Select(r => r.UserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static int Severity(DayAnomalies anomalies) => DayStatuses.MostSevere(anomalies) switch
    {
        DayStatus.Absent => 6,
        DayStatus.MissingIn => 5,
        DayStatus.MissingOut => 4,
        DayStatus.SeriousLate => 3,
        DayStatus.Late => 2,
        DayStatus.EarlyLeave => 1,
        _ => 0,
    };

    private static bool Has(DayAnomalies anomalies, DayAnomalies flag) => (anomalies & flag) != 0;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
