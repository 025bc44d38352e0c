using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Punching;

/// <summary>
/// The card that asks a supervisor to decide a punch in review: who, when, where, what the rules found, the employee's
/// explanation, and the buttons 通过 / 驳回. Its clicks come back as template_card_event with a <c>review-</c> task id.
/// </summary>
public static partial class ReviewCard
{
    public const string TaskIdPrefix = "review-";
    public const string ApproveKey = "approve";
    public const string RejectKey = "reject";

    /// <summary>
    /// Outbox key of a punch's card. Not <c>alert:</c>: the sender merges alert rows to one leader into one markdown
    /// text, and a card with buttons cannot be part of a text.
    /// </summary>
    public static string DedupeKey(long punchId) => string.Create(CultureInfo.InvariantCulture, $"review:punch:{punchId}:card");

    /// <summary>
    /// A task_id no card has had before: WeCom refuses a reused one for good (42014), and punch ids restart when a
    /// database is recreated. Made once and stored in the outbox row, so a resend carries the same id.
    /// </summary>
    public static string NewTaskId(long punchId) =>
        string.Create(CultureInfo.InvariantCulture, $"{TaskIdPrefix}{punchId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");

    public static bool IsReviewTask(string? taskId) => taskId?.StartsWith(TaskIdPrefix, StringComparison.Ordinal) == true;

    public static bool TryParseTaskId(string? taskId, out long punchId)
    {
        punchId = 0;
        var match = taskId is { Length: <= 64 } ? TaskIdPattern().Match(taskId) : Match.Empty;
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out punchId) && punchId > 0;
    }

    /// <summary>The findings a person has to weigh, in Chinese: everything but the informational ones.</summary>
    public static IReadOnlyList<string> Reasons(IEnumerable<PunchFinding> findings) =>
        [.. findings.Where(f => f.Severity != FindingSeverity.Info).OrderByDescending(f => f.Severity).Select(f => f.Message).Distinct()];

    /// <summary>"上海总部 · 35 米", or what is known without a matched site.</summary>
    public static string Place(MatchedSite? site) => site switch
    {
        null => "未匹配到打卡地点",
        { DistanceMeters: { } metres } => string.Create(CultureInfo.InvariantCulture, $"{site.Name} · {metres} 米"),
        _ => site.Name,
    };

    public static TemplateCardContent Build(long punchId, Employee employee, PunchScore score, DateTimeOffset localTime, string? explanation)
    {
        var reasons = Reasons(score.Findings);
        var entries = new List<TemplateCardKeyValue>
        {
            new() { KeyName = "员工", Value = Clip($"{employee.Name}（{employee.UserId}）", 30) },
            new() { KeyName = "时间", Value = localTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) },
            new() { KeyName = "地点", Value = Clip(Place(score.Site), 30) },
            new() { KeyName = "编号", Value = punchId.ToString(CultureInfo.InvariantCulture) },
        };
        if (!string.IsNullOrWhiteSpace(explanation))
        {
            entries.Add(new TemplateCardKeyValue { KeyName = "本人说明", Value = Clip(explanation.Trim(), 30) });
        }

        return new TemplateCardContent
        {
            CardType = TemplateCardContent.ButtonInteraction,
            Source = new TemplateCardSource { Description = "考勤助手" },
            MainTitle = new TemplateCardTitle { Title = "打卡待复核", Description = Clip($"{employee.Name} 的打卡需要您确认", 44) },
            SubTitleText = Clip("复核原因：" + (reasons.Count > 0 ? string.Join("；", reasons) : "见打卡详情"), 110),
            HorizontalContentList = entries,
            TaskId = NewTaskId(punchId),
            ButtonList =
            [
                new TemplateCardButton { Text = "通过", Style = 1, Key = ApproveKey },
                new TemplateCardButton { Text = "驳回", Style = 3, Key = RejectKey },
            ],
        };
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex("^review-([0-9]{1,18})-[0-9a-f]{16}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskIdPattern();
}
