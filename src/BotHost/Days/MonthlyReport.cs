using System.Globalization;
using System.Text;
using Attendance.Rules.Schedule;
using MiniExcelLibs;

namespace Attendance.BotHost.Days;

/// <summary>One employee's line of the monthly report.</summary>
public sealed record MonthlyReportRow(
    string UserId,
    string Name,
    long DepartmentId,
    string DepartmentName,
    int ExpectedWorkdays,
    int PresentDays,
    int LateCount,
    int LateMinutes,
    int SeriousLateCount,
    int EarlyLeaveCount,
    int EarlyLeaveMinutes,
    int MissingPunches,
    int AbsentDays,
    int LeaveDays,
    decimal OvertimeHours,
    int FieldPunches,
    int LocationExceptions,
    int PendingDays,
    int ReviewDays)
{
    public static MonthlyReportRow Of(string name, long departmentId, string departmentName, MonthlySummary s) => new(
        s.UserId, name, departmentId, departmentName, s.ExpectedWorkdays, s.PresentDays, s.LateCount, s.LateMinutes, s.SeriousLateCount,
        s.EarlyLeaveCount, s.EarlyLeaveMinutes, s.MissingPunches, s.AbsentDays, s.LeaveDays, s.OvertimeHours, s.FieldPunches,
        s.LocationExceptions, s.PendingDays, s.ReviewDays);
}

public sealed record MonthlyReport(string Month, long? DepartmentId, IReadOnlyList<MonthlyReportRow> Employees);

/// <summary>The payroll export: the same columns, with Chinese headers, as CSV (UTF-8 with BOM, which Excel needs to
/// read Chinese) or xlsx with one sheet per department.</summary>
public static class MonthlyReportFormats
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static readonly string[] Headers =
    [
        "工号", "姓名", "部门", "应出勤天数", "出勤天数", "迟到次数", "迟到分钟", "严重迟到次数", "早退次数", "早退分钟", "缺卡次数", "旷工天数",
        "请假天数", "加班小时", "外勤次数", "地点异常次数", "未结算天数", "待复核天数",
    ];

    public static byte[] Csv(MonthlyReport report)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Headers).Append("\r\n");
        foreach (var row in report.Employees)
        {
            text.AppendJoin(',', Cells(row).Select(c => Quote(Convert.ToString(c, CultureInfo.InvariantCulture) ?? ""))).Append("\r\n");
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static async Task<byte[]> XlsxAsync(MonthlyReport report, CancellationToken cancellationToken)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var group in report.Employees.GroupBy(r => (r.DepartmentId, r.DepartmentName)).OrderBy(g => g.Key.DepartmentId))
        {
            var rows = group.Select(row =>
            {
                var cells = Cells(row);
                var line = new Dictionary<string, object?>(StringComparer.Ordinal);
                for (var i = 0; i < Headers.Length; i++)
                {
                    line[Headers[i]] = cells[i];
                }

                return line;
            }).ToList();
            sheets[SheetName(group.Key.DepartmentName, group.Key.DepartmentId, sheets)] = rows;
        }

        if (sheets.Count == 0)
        {
            sheets["考勤"] = new List<Dictionary<string, object?>> { Headers.ToDictionary(h => h, _ => (object?)null) };
        }

        using var stream = new MemoryStream();
        await stream.SaveAsAsync(sheets, cancellationToken: cancellationToken);
        return stream.ToArray();
    }

    public static string FileName(MonthlyReport report, string extension) =>
        $"attendance-{report.Month}{(report.DepartmentId is { } d ? "-" + d.ToString(CultureInfo.InvariantCulture) : "")}.{extension}";

    private static object[] Cells(MonthlyReportRow r) =>
    [
        r.UserId, r.Name, r.DepartmentName, r.ExpectedWorkdays, r.PresentDays, r.LateCount, r.LateMinutes, r.SeriousLateCount, r.EarlyLeaveCount,
        r.EarlyLeaveMinutes, r.MissingPunches, r.AbsentDays, r.LeaveDays, r.OvertimeHours, r.FieldPunches, r.LocationExceptions, r.PendingDays,
        r.ReviewDays,
    ];

    /// <summary>
    /// RFC 4180 quoting, and the OWASP rule against CSV injection: a cell starting with = + - @ tab or CR could be read
    /// as a formula by a spreadsheet, so it gets a leading apostrophe (shown as text, not evaluated). No cell of ours is
    /// a negative number, so a leading '-' is always text.
    /// </summary>
    private static string Quote(string value)
    {
        var dangerous = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var text = dangerous ? "'" + value : value;
        return dangerous || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>Excel sheet names: at most 31 characters, none of <c>[]:*?/\</c>, unique.</summary>
    private static string SheetName(string name, long id, Dictionary<string, object> taken)
    {
        var clean = new string([.. name.Where(c => "[]:*?/\\".IndexOf(c, StringComparison.Ordinal) < 0)]);
        if (clean.Length == 0)
        {
            clean = id.ToString(CultureInfo.InvariantCulture);
        }

        clean = clean.Length > 31 ? clean[..31] : clean;
        if (taken.ContainsKey(clean))
        {
            var suffix = "-" + id.ToString(CultureInfo.InvariantCulture);
            clean = (clean.Length + suffix.Length > 31 ? clean[..(31 - suffix.Length)] : clean) + suffix;
        }

        return clean;
    }
}
