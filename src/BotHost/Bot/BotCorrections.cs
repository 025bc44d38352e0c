using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Days;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Commands;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.WeCom.Callback;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Bot;

/// <summary>
/// 补卡 in chat: the request goes through <see cref="CorrectionService"/> (same limits as the API), then a
/// button_interaction card goes to the approvers (direct leaders, else department leaders). A click is accepted only
/// from one of them and only while the request is pending; the card is updated, the employee told, the day
/// recomputed (by <see cref="CorrectionService.DecideAsync"/>).
/// </summary>
public sealed partial class BotCorrections(
    CorrectionService service,
    CorrectionRepository corrections,
    EmployeeRepository employees,
    PunchAlerts approvers,
    BotDirectory directory,
    BotReplies replies,
    DayService days)
{
    public const string ApproveKey = "approve";
    public const string RejectKey = "reject";

    private const string UsageHint = "例：补卡 昨天 上班 08:55 忘记打卡。";

    /// <summary>Pending requests listed per 待审批 reply.</summary>
    public const int MaxPendingLines = 50;

    /// <summary>
    /// A task_id no card has had before: WeCom refuses a reused one for good (42014, document/path/90236 模板卡片消息), and ids
    /// restart after a database is restored or recreated, so the correction id alone is not enough. Made once per card
    /// and stored in its outbox row, so a resend carries the same id (and a 42014 then means the card already landed).
    /// </summary>
    public static string NewTaskId(long correctionId) =>
        string.Create(CultureInfo.InvariantCulture, $"correction-{correctionId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");

    public static bool TryParseTaskId(string? taskId, out long correctionId)
    {
        correctionId = 0;
        var match = taskId is { Length: <= 64 } ? TaskIdPattern().Match(taskId) : Match.Empty;
        return match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out correctionId) && correctionId > 0;
    }

    public async Task<string> RequestAsync(BotCaller caller, CorrectionCommand command, CancellationToken cancellationToken)
    {
        var leaders = await approvers.RecipientsAsync(caller.Employee, cancellationToken);
        if (leaders.Count == 0)
        {
            return "没有找到您的审批人（直属上级或部门负责人），补卡未提交。请联系人事处理。";
        }

        Correction correction;
        try
        {
            var body = new CorrectionRequest(command.Date, command.Kind.ToWire(), command.Time.ToString("HH:mm", CultureInfo.InvariantCulture), command.Reason);
            correction = await service.RequestAsync(caller.UserId, body, caller.Actor, cancellationToken);
        }
        catch (InputException e)
        {
            // 422 carries the limit's reason in Chinese; a 400 cannot follow from a parsed command, but is answered anyway.
            var reasons = e.Errors.Select(f => f.Message).Distinct().ToList();
            return e.Status == StatusCodes.Status422UnprocessableEntity && reasons.Count > 0
                ? "补卡未提交：" + string.Join("；", reasons) + "。"
                : "补卡未提交：格式不对。" + UsageHint;
        }

        var sentTo = await SendCardAsync(leaders, caller.Employee, correction, cancellationToken);
        var zone = (await days.LoadScheduleAsync(cancellationToken)).ZoneFor(caller.Employee);
        var names = new List<string>();
        foreach (var id in sentTo)
        {
            names.Add((await employees.GetAsync(id, cancellationToken))?.Name ?? id);
        }

        return $"补卡申请已提交（编号 {correction.Id}）：{Describe(correction, zone)}，原因：{correction.Reason}。\n已发给 {string.Join("、", names)} 审批，结果会在这里通知您。";
    }

    /// <summary>
    /// The approval card of a 补卡 requested outside chat (the punch page, the mini-program, the demo's story), so the
    /// approvers hear of it as they do of one asked for in chat; the outbox key makes a second call send nothing.
    /// Returns who it was sent to (none when the employee has no approver).
    /// </summary>
    public async Task<IReadOnlyList<string>> SendApprovalCardAsync(Employee employee, Correction correction, CancellationToken cancellationToken)
    {
        var leaders = await approvers.RecipientsAsync(employee, cancellationToken);
        return leaders.Count == 0 ? [] : await SendCardAsync(leaders, employee, correction, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> SendCardAsync(IReadOnlyList<string> leaders, Employee employee, Correction correction, CancellationToken cancellationToken)
    {
        var zone = (await days.LoadScheduleAsync(cancellationToken)).ZoneFor(employee);
        return await replies.CardAsync(leaders, CardKey(correction.Id), Card(employee, correction, zone), cancellationToken);
    }

    public async Task<string> PendingAsync(BotCaller caller, CancellationToken cancellationToken)
    {
        var waiting = new List<(Correction Correction, Employee Employee)>();
        var decides = new Dictionary<string, Employee?>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in await directory.PendingCorrectionIdsAsync(cancellationToken))
        {
            if (await corrections.GetAsync(id, cancellationToken) is not { State: CorrectionStates.Pending } correction)
            {
                continue;
            }

            if (!decides.TryGetValue(correction.UserId, out var employee))
            {
                employee = await employees.GetAsync(correction.UserId, cancellationToken);
                // An approver leads the employee directly or through a department, so the scope filters first.
                var approves = employee is not null && !string.Equals(employee.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase)
                               && caller.Scope.CanSee(employee) && await IsApproverAsync(caller.UserId, employee, cancellationToken);
                decides[correction.UserId] = employee = approves ? employee : null;
            }

            if (employee is not null)
            {
                waiting.Add((correction, employee));
            }
        }

        if (waiting.Count == 0)
        {
            return "没有等您审批的补卡。";
        }

        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"等您审批的补卡共 {waiting.Count} 条（请在审批卡片上点「同意」或「驳回」）："));
        foreach (var (correction, employee) in waiting.Take(MaxPendingLines))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n· 编号 {correction.Id} {employee.Name}：{Describe(correction, schedule.ZoneFor(employee))}，原因：{BotText.Clip(correction.Reason, 40)}");
        }

        if (waiting.Count > MaxPendingLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n……另有 {waiting.Count - MaxPendingLines} 条。");
        }

        return text.ToString();
    }

    /// <summary>A click on an approval card. Everything in the event is checked; anything off changes nothing.</summary>
    public async Task ClickAsync(WeComCallbackMessage click, CancellationToken cancellationToken)
    {
        if (click.FromUserName is not { } clicker || !Rules.Common.Identifiers.IsUserId(clicker) || !replies.IsForThisApp(click))
        {
            return;
        }

        var key = BotReplies.CallbackKey(click);
        var approve = click.EventKey == ApproveKey;
        if ((!approve && click.EventKey != RejectKey) || !TryParseTaskId(click.TaskId, out var id)
            || click.ResponseCode is not { Length: > 0 and <= 512 } responseCode)
        {
            await replies.TextAsync(clicker, key, "这张卡片无法识别，操作无效。", cancellationToken);
            return;
        }

        var correction = await corrections.GetAsync(id, cancellationToken);
        var employee = correction is null ? null : await employees.GetAsync(correction.UserId, cancellationToken);
        if (correction is null || employee is null || !await IsApproverAsync(clicker, employee, cancellationToken))
        {
            await replies.TextAsync(clicker, key, BotText.Denied + "：您不是这条补卡的审批人，操作无效。", cancellationToken);
            return;
        }

        var (outcome, decided) = await service.DecideAsync(id, approve, "user:" + clicker, clicker, cancellationToken);
        if (outcome != DecisionOutcome.Decided || decided is null)
        {
            var state = correction.State == CorrectionStates.Pending ? decided?.State : correction.State;
            await replies.TextAsync(clicker, key, $"这条补卡已经处理过了（{StateLabel(state)}），本次操作无效。", cancellationToken);
            return;
        }

        var leaders = await approvers.RecipientsAsync(employee, cancellationToken);
        var label = approve ? "已同意" : "已驳回";
        await replies.UpdateCardAsync(leaders.Count > 0 ? leaders : [clicker], CardKey(id), responseCode, label, cancellationToken);
        await TellDecisionAsync(employee, decided, clicker, cancellationToken);
    }

    /// <summary>
    /// Tells the employee how their 补卡 was decided, however it was (a card in chat, the HR console, the API).
    /// <paramref name="deciderUserId"/> is null for an admin key. One message per correction: the dedupe key is the
    /// correction's, so a decision told twice is sent once.
    /// </summary>
    public async Task TellDecisionAsync(Employee employee, Correction decided, string? deciderUserId, CancellationToken cancellationToken)
    {
        var zone = (await days.LoadScheduleAsync(cancellationToken)).ZoneFor(employee);
        var who = deciderUserId is null ? "管理员" : (await employees.GetAsync(deciderUserId, cancellationToken))?.Name ?? deciderUserId;
        var verdict = decided.State == CorrectionStates.Approved ? "已通过，当天考勤已重新计算" : "未通过";
        await replies.TextAsync(employee.UserId, string.Create(CultureInfo.InvariantCulture, $"correction:{decided.Id}:decided"),
            $"您的补卡申请（编号 {decided.Id}：{Describe(decided, zone)}）{verdict}。审批人：{who}。", cancellationToken);
    }

    private async Task<bool> IsApproverAsync(string userId, Employee employee, CancellationToken cancellationToken) =>
        (await approvers.RecipientsAsync(employee, cancellationToken)).Contains(userId, StringComparer.OrdinalIgnoreCase);

    private static string CardKey(long correctionId) => string.Create(CultureInfo.InvariantCulture, $"correction:{correctionId}");

    private static TemplateCardContent Card(Employee employee, Correction correction, TimeZoneInfo zone) => new()
    {
        CardType = TemplateCardContent.ButtonInteraction,
        Source = new TemplateCardSource { Description = "考勤助手" },
        MainTitle = new TemplateCardTitle { Title = "补卡审批", Description = BotText.Clip($"{employee.Name} 申请补卡", 44) },
        SubTitleText = BotText.Clip("原因：" + correction.Reason, 110),
        HorizontalContentList =
        [
            new TemplateCardKeyValue { KeyName = "申请人", Value = BotText.Clip(BotText.Person(employee), 30) },
            new TemplateCardKeyValue { KeyName = "日期", Value = BotText.Date(correction.WorkDate) },
            new TemplateCardKeyValue { KeyName = "补卡", Value = (correction.Kind == PunchKind.Out ? "下班 " : "上班 ") + BotText.Clock(correction.Time, zone) },
            new TemplateCardKeyValue { KeyName = "编号", Value = correction.Id.ToString(CultureInfo.InvariantCulture) },
        ],
        TaskId = NewTaskId(correction.Id),
        ButtonList =
        [
            new TemplateCardButton { Text = "同意", Style = 1, Key = ApproveKey },
            new TemplateCardButton { Text = "驳回", Style = 3, Key = RejectKey },
        ],
    };

    private static string Describe(Correction correction, TimeZoneInfo zone) =>
        $"{BotText.Date(correction.WorkDate)} {(correction.Kind == PunchKind.Out ? "下班" : "上班")} {BotText.Clock(correction.Time, zone)}";

    private static string StateLabel(string? state) => state switch
    {
        CorrectionStates.Approved => "已同意",
        CorrectionStates.Rejected => "已驳回",
        _ => "已处理",
    };

    // Cards sent before task ids got their random part carry the bare correction id.
    [GeneratedRegex("^correction-([0-9]{1,18})(?:-[0-9a-f]{16})?$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskIdPattern();
}
