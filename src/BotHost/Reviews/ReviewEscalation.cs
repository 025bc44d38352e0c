using System.Globalization;
using System.Text;
using Attendance.BotHost.Bot;
using Attendance.BotHost.Configuration;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Reviews;

/// <summary>
/// 待复核超时: flagged punches nobody decided within <c>Attendance:Review:EscalateAfterHours</c> are listed for HR with
/// the digest, one app message per HR employee per digest date (the dedupe key makes reruns send nothing new).
/// </summary>
public sealed class ReviewEscalation(
    PunchRepository punches,
    EmployeeRepository employees,
    DepartmentRepository departments,
    BotReplies replies,
    TimeProvider time,
    IOptions<AttendanceOptions> attendance, CompanyClock clock)
{
    /// <summary>Lines per message before "……另有 N 条".</summary>
    public const int MaxLines = 50;

    // Read on first use, not at construction: callback handlers are built at start-up, before options validation
    // reports every invalid key at once.
    private TimeZoneInfo Zone => clock.Zone;

    /// <summary>Queues the overdue list for every active HR employee; returns how many punches were overdue.</summary>
    public async Task<int> EscalateAsync(DateOnly digestDate, CancellationToken cancellationToken)
    {
        var after = TimeSpan.FromHours(attendance.Value.Review.EscalateAfterHours);
        var now = time.GetUtcNow();
        var overdue = (await punches.ListReviewedAsync(decided: false, null, null, cancellationToken))
            .Where(p => now - p.ServerTime >= after).OrderBy(p => p.ServerTime).ToList();
        if (overdue.Count == 0)
        {
            return 0;
        }

        var hr = await HrAsync(cancellationToken);
        if (hr.Count == 0)
        {
            return overdue.Count;
        }

        var names = new Dictionary<string, Employee?>(StringComparer.OrdinalIgnoreCase);
        var all = (await departments.ListAsync(cancellationToken)).ToDictionary(d => d.Id);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"【待复核超时】{overdue.Count} 条打卡已等待超过 {attendance.Value.Review.EscalateAfterHours} 小时无人复核："));
        foreach (var punch in overdue.Take(MaxLines))
        {
            if (!names.TryGetValue(punch.UserId, out var employee))
            {
                names[punch.UserId] = employee = await employees.GetAsync(punch.UserId, cancellationToken);
            }

            var department = employee is not null && all.TryGetValue(employee.MainDepartmentId, out var d) ? d.Name : "";
            var local = TimeZoneInfo.ConvertTime(punch.CaptureTime, Zone);
            var waited = (int)(now - punch.ServerTime).TotalHours;
            text.Append(CultureInfo.InvariantCulture, $"\n· 编号 {punch.Id} {employee?.Name ?? punch.UserId}（{department}）{local:MM-dd HH:mm}，已等待 {waited} 小时");
        }

        if (overdue.Count > MaxLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n……另有 {overdue.Count - MaxLines} 条。");
        }

        text.Append("\n请在复核页或用「通过 编号」「驳回 编号 原因」处理。");
        foreach (var userId in hr)
        {
            await replies.TextAsync(userId, string.Create(CultureInfo.InvariantCulture, $"review-overdue:{digestDate:yyyy-MM-dd}"), text.ToString(), cancellationToken);
        }

        return overdue.Count;
    }

    private async Task<List<string>> HrAsync(CancellationToken cancellationToken)
    {
        var hr = new List<string>();
        for (var offset = 0; ; offset += 1000)
        {
            var page = await employees.ListAsync(new EmployeeQuery(Active: true, Limit: 1000, Offset: offset), cancellationToken);
            hr.AddRange(page.Where(e => e.HasRole(Role.Hr)).Select(e => e.UserId));
            if (page.Count < 1000)
            {
                return hr;
            }
        }
    }
}
