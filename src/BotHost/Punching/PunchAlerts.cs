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
/// The supervisor alert for a punch in review (a <see cref="ReviewCard"/>) or rejected (a text): to the employee's
/// direct leaders, or else the leaders of their departments, queued in the outbox in the punch's own transaction.
/// </summary>
public sealed class PunchAlerts(DepartmentRepository departments, WeComSettings wecom)
{
    /// <summary>Outbox key of the text alert for a rejected punch (batched per leader, see AlertBatch).</summary>
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

    /// <summary>
    /// The alert for one punch, to be queued in the punch's own transaction: a card with 通过 / 驳回 for a punch in
    /// review (a person decides it, DESIGN §7), a text for a rejected one (nothing to decide, the leader is told).
    /// </summary>
    public OutboxMessage Build(long punchId, Employee employee, IReadOnlyList<string> recipients, PunchScore score, DateTimeOffset localTime,
        string? explanation = null)
    {
        var touser = Target(recipients);
        var agentId = int.TryParse(wecom.Value.AgentId, CultureInfo.InvariantCulture, out var agent) ? agent : (int?)null;
        if (score.Verdict == PunchVerdict.Review)
        {
            var card = new CgiBinMessageSendRequest
            {
                ToUser = touser,
                MessageType = MessageTypes.TemplateCard,
                AgentId = agentId,
                TemplateCard = ReviewCard.Build(punchId, employee, score, localTime, explanation),
            };
            return new OutboxMessage(OutboxChannels.App, touser, JsonSerializer.Serialize(card, WeComJson.Options), ReviewCard.DedupeKey(punchId));
        }

        var reasons = ReviewCard.Reasons(score.Findings);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"【打卡被拒】{employee.Name}（{employee.UserId}）{localTime:MM-dd HH:mm} 的打卡未通过：{(reasons.Count > 0 ? string.Join("；", reasons) : "见打卡详情")}");
        var request = new CgiBinMessageSendRequest
        {
            ToUser = touser,
            MessageType = MessageTypes.Text,
            AgentId = agentId,
            Text = new TextContent { Content = text },
        };
        return new OutboxMessage(OutboxChannels.App, touser, JsonSerializer.Serialize(request, WeComJson.Options), DedupeKey(punchId));
    }

    /// <summary>As many leaders as the outbox target column holds (one message, so a card keeps one task_id).</summary>
    private static string Target(IReadOnlyList<string> recipients)
    {
        var kept = new List<string>();
        foreach (var user in recipients)
        {
            if (string.Join('|', kept.Append(user)).Length <= Bot.BotReplies.MaxTargetLength)
            {
                kept.Add(user);
            }
        }

        return string.Join('|', kept);
    }
}
