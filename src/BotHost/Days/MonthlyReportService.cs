using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Days;

/// <summary>Builds the monthly report from the stored days, evaluating first the dates not yet final.</summary>
public sealed class MonthlyReportService(DayService days)
{
    /// <param name="visible">Who the caller may see (a supervisor's scope); null for everyone.</param>
    public async Task<MonthlyReport> BuildAsync(DateOnly month, long? departmentId, Func<Rules.Directory.Employee, bool>? visible = null,
        CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var stored = await days.EnsureAsync(first, last, null, cancellationToken);
        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var employees = (await days.ListEmployeesAsync(first, cancellationToken))
            .Where(e => (departmentId is null || e.DepartmentIds.Contains(departmentId.Value)) && (visible is null || visible(e)))
            .ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        var rows = MonthlySummary.ByEmployee(stored.Where(d => employees.ContainsKey(d.UserId)))
            .Select(s =>
            {
                var e = employees[s.UserId];
                var dept = departmentId ?? e.MainDepartmentId;
                return MonthlyReportRow.Of(e.Name, dept, schedule.Department(dept)?.Name ?? dept.ToString(System.Globalization.CultureInfo.InvariantCulture), s);
            })
            .OrderBy(r => r.DepartmentId).ThenBy(r => r.UserId, StringComparer.Ordinal)
            .ToList();
        return new MonthlyReport(first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), departmentId, rows);
    }
}
