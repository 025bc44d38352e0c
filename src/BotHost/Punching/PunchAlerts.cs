using System.Globalization;
using System.Text.Json;
using Attendance.BotHost.WeComCallback;
using Attendance.Data.Outbox;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.WeCom;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Punching;

/// <summary>
/// The supervisor alert for a punch in review or rejected: an app text message to the employee's direct leaders, or
/// else the leaders of their departments, queued in the outbox in the punch's own transaction.
/// </summary>
public sealed class PunchAlerts(DepartmentRepository departments, WeComSettings wecom)
{
    public static string DedupeKey(long punchId) => string.Create(CultureInfo.InvariantCulture, $"alert:punch:{punchId}");

    /// <summary>Who should hear about the employee's doubtful punches; empty when nobody leads them.</summary>
    public async Task<IReadOnlyList<string>> RecipientsAsync(Employee employee, CancellationToken cancellationToken)
    {
        var direct = employee.DirectLeaderUserIds.Where(l => !string.Equals(l, employee.UserId, StringComparison.OrdinalIgnoreCase)).ToList();
        if (direct.Count > 0)
        {
            return direct;
        }

        var leaders = new List<string>();
        foreach (var id in employee.DepartmentIds)
        {
            if (await departments.GetAsync(id, cancellationToken) is { } d)
            {
                leaders.AddRange(d.LeaderUserIds);
            }
        }

        return [.. leaders.Where(l => !string.Equals(l, employee.UserId, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal)];
    }

    public OutboxMessage Build(long punchId, Employee employee, IReadOnlyList<string> recipients, PunchVerdict verdict,
        IReadOnlyList<PunchFinding> findings, DateTimeOffset localTime)
    {
        var reasons = findings.Where(f => f.Severity != FindingSeverity.Info).Select(f => f.Message).ToList();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"【{(verdict == PunchVerdict.Rejected ? "打卡被拒" : "打卡待复核")}】{employee.Name}（{employee.UserId}）{localTime:MM-dd HH:mm} 的打卡" +
            $"{(verdict == PunchVerdict.Rejected ? "未通过" : "需要复核")}：{(reasons.Count > 0 ? string.Join("；", reasons) : "见打卡详情")}");
        var touser = string.Join('|', recipients);
        var request = new CgiBinMessageSendRequest
        {
            ToUser = touser,
            MessageType = MessageTypes.Text,
            AgentId = int.TryParse(wecom.Value.AgentId, CultureInfo.InvariantCulture, out var agent) ? agent : null,
            Text = new TextContent { Content = text },
        };
        return new OutboxMessage(OutboxChannels.App, touser, JsonSerializer.Serialize(request, WeComJson.Options), DedupeKey(punchId));
    }
}
