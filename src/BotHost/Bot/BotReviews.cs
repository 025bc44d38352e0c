using System.Globalization;
using System.Text;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Punching;
using Attendance.BotHost.Reviews;
using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Rules.Commands;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.WeCom.Callback;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Bot;

/// <summary>
/// Deciding flagged punches in chat (DESIGN §7: a person decides, never the person themself): clicks on the review
/// card (<see cref="ReviewCard"/>), the reason that follows a 驳回 click, and the commands 待复核, 通过 and 驳回. Every
/// decision goes through <see cref="PunchReviewService"/>, which checks scope, stores and audits it, recomputes the day
/// and tells the employee; here the card is updated and the reviewer answered.
/// </summary>
public sealed class BotReviews(
    PunchReviewService service,
    PunchReviewRepository prompts,
    EmployeeRepository employees,
    PunchAlerts alerts,
    BotReplies replies,
    AuditRepository audit,
    TimeProvider time,
    CompanyClock clock)
{
    /// <summary>Flagged punches listed per 待复核 reply.</summary>
    public const int MaxPendingLines = 50;

    /// <summary>How long a 驳回 click waits for its reason.</summary>
    public static readonly TimeSpan PromptLifetime = TimeSpan.FromMinutes(10);

    private const string CancelWord = "取消";

    // Read on first use, not at construction: callback handlers are built at start-up, before options validation
    // reports every invalid key at once.
    private TimeZoneInfo Zone => clock.Zone;

    public async Task<string> PendingAsync(BotCaller caller, CancellationToken cancellationToken)
    {
        var reviewer = Reviewer.For(caller.Employee, caller.Scope);
        var waiting = await service.ListAsync(reviewer, "review", null, null, null, MaxPendingLines + 1, 0, cancellationToken);
        if (waiting.Count == 0)
        {
            return "没有等您复核的打卡。";
        }

        // A look at other people's punches, as GET /api/admin/punches records it.
        await audit.AppendAsync(reviewer.Actor, "bot.reviews", "punch", "review",
            string.Create(CultureInfo.InvariantCulture, $"{{\"via\":\"bot\",\"count\":{waiting.Count}}}"), cancellationToken);
        var shown = waiting.Take(MaxPendingLines).ToList();
        var text = new StringBuilder(waiting.Count > MaxPendingLines
            ? string.Create(CultureInfo.InvariantCulture, $"等您复核的打卡超过 {MaxPendingLines} 条，先列出最早的 {MaxPendingLines} 条")
            : string.Create(CultureInfo.InvariantCulture, $"等您复核的打卡共 {waiting.Count} 条"));
        text.Append("（在提醒卡片上点「通过」或「驳回」，或回复「通过 编号」「驳回 编号 原因」）：");
        foreach (var item in shown)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n· 编号 {item.PunchId} {item.Name} {When(item)} {MainFinding(item)}");
            if (!string.IsNullOrWhiteSpace(item.Review.Explanation))
            {
                text.Append("；本人说明：").Append(BotText.Clip(item.Review.Explanation.Trim(), 40));
            }
        }

        if (waiting.Count > MaxPendingLines)
        {
            text.Append("\n……其余的请处理完这些后再发「待复核」查看。");
        }

        return text.ToString();
    }

    /// <summary>通过 &lt;编号&gt; / 驳回 &lt;编号&gt; &lt;原因&gt;. The card (if any) keeps its buttons: a later click on it says it was decided.</summary>
    public async Task<string> DecideAsync(BotCaller caller, ReviewDecisionCommand command, CancellationToken cancellationToken)
    {
        var reviewer = Reviewer.For(caller.Employee, caller.Scope);
        var result = await service.DecideAsync(reviewer, command.PunchId, command.Approve, command.Reason, cancellationToken);
        return await AnswerAsync(reviewer, command.PunchId, result, null, cancellationToken);
    }

    /// <summary>A click on a review card. Everything in the event is checked; anything off changes nothing.</summary>
    public async Task ClickAsync(WeComCallbackMessage click, CancellationToken cancellationToken)
    {
        if (click.FromUserName is not { } clicker || !Identifiers.IsUserId(clicker) || !replies.IsForThisApp(click))
        {
            return;
        }

        var key = BotReplies.CallbackKey(click);
        var approve = click.EventKey == ReviewCard.ApproveKey;
        if ((!approve && click.EventKey != ReviewCard.RejectKey) || !ReviewCard.TryParseTaskId(click.TaskId, out var id)
            || click.ResponseCode is not { Length: > 0 and <= 512 } responseCode)
        {
            await replies.TextAsync(clicker, key, "这张卡片无法识别，操作无效。", cancellationToken);
            return;
        }

        var reviewer = await service.ReviewerAsync(clicker, cancellationToken);
        var (view, employee) = reviewer is null ? (null, null) : await service.GetAsync(reviewer, id, cancellationToken);
        if (Refusal(reviewer, employee) is { } refusal)
        {
            await replies.TextAsync(clicker, key, refusal, cancellationToken);
            return;
        }

        if (view is null)
        {
            await replies.TextAsync(clicker, key, $"编号 {id} 的打卡不需要复核，本次操作无效。", cancellationToken);
            return;
        }

        if (view.Review.State != PunchReviewView.Pending)
        {
            await replies.TextAsync(clicker, key, await AlreadyDecidedAsync(reviewer!, id, employee!, view.Punch.Decision, responseCode, cancellationToken),
                cancellationToken);
            return;
        }

        if (approve)
        {
            var result = await service.DecideAsync(reviewer!, id, true, null, cancellationToken);
            var answer = await AnswerAsync(reviewer!, id, result, responseCode, cancellationToken);
            if (result.Outcome != ReviewOutcome.Decided)
            {
                // The card itself now shows 已通过; only a refusal or a lost race needs words.
                await replies.TextAsync(clicker, key, answer, cancellationToken);
            }

            return;
        }

        // 驳回 needs a reason: the reviewer's next text message (BotTextHandler asks AnswerPromptAsync first). The
        // click's response code waits with the prompt, so the card can still be updated once the reason arrives.
        await prompts.OpenPromptAsync(new ReviewReasonPrompt(clicker, id, responseCode, time.GetUtcNow() + PromptLifetime), cancellationToken);
        await replies.TextAsync(clicker, key,
            $"请回复驳回原因（{PunchReviewService.MaxReasonLength} 字以内）：编号 {id}，{view.Name} 的打卡。{(int)PromptLifetime.TotalMinutes} 分钟内有效，回复「{CancelWord}」则不驳回。",
            cancellationToken);
    }

    /// <summary>
    /// The reason for a 驳回 click, when <paramref name="userId"/> has an open prompt; null when they have none (the
    /// message is then an ordinary command). A message that reads as another command runs as that command instead.
    /// </summary>
    public async Task<string?> AnswerPromptAsync(string userId, string? content, DateOnly today, CancellationToken cancellationToken)
    {
        if (await prompts.TakePromptAsync(userId, cancellationToken) is not { } prompt)
        {
            return null;
        }

        var command = BotCommandParser.Parse(content, today);
        if (command is not NotACommand)
        {
            // "帮助" or "待复核" is not a reason. A decision by command replaces the clicked one; anything else keeps it waiting.
            if (command is not ReviewDecisionCommand)
            {
                await prompts.OpenPromptAsync(prompt, cancellationToken);
            }

            return null;
        }

        var reason = Clean(content);
        if (reason == CancelWord)
        {
            return $"已取消驳回，编号 {prompt.PunchId} 的打卡仍待复核。";
        }

        if (await service.ReviewerAsync(userId, cancellationToken) is not { } reviewer)
        {
            return BotText.UnknownCaller;
        }

        var result = await service.DecideAsync(reviewer, prompt.PunchId, false, reason, cancellationToken);
        if (result.Outcome == ReviewOutcome.Invalid)
        {
            await prompts.OpenPromptAsync(prompt, cancellationToken);
            return $"{result.Message}请重新回复驳回原因（{PunchReviewService.MaxReasonLength} 字以内），或回复「{CancelWord}」。";
        }

        return await AnswerAsync(reviewer, prompt.PunchId, result, prompt.ResponseCode, cancellationToken);
    }

    /// <summary>The reviewer's answer to a decision; with a response code (a click) the card is updated for everyone who got it.</summary>
    private async Task<string> AnswerAsync(Reviewer reviewer, long id, ReviewResult result, string? responseCode, CancellationToken cancellationToken)
    {
        var employee = result.Punch is { } decided ? await employees.GetAsync(decided.UserId, cancellationToken) : null;
        switch (result.Outcome)
        {
            case ReviewOutcome.Decided when employee is not null:
                var approved = result.Punch!.Punch.Decision == PunchDecisions.Approved;
                if (responseCode is not null)
                {
                    await UpdateCardAsync(reviewer, employee, string.Create(CultureInfo.InvariantCulture, $"review:{id}:card-update"), responseCode,
                        PunchReviewService.Label(result.Punch.Punch.Decision), cancellationToken);
                }

                return approved
                    ? $"已通过编号 {id} 的打卡（{employee.Name}），当天考勤已重新计算，已通知本人。"
                    : $"已驳回编号 {id} 的打卡（{employee.Name}），已通知本人。";
            case ReviewOutcome.AlreadyDecided when employee is not null:
                return await AlreadyDecidedAsync(reviewer, id, employee, result.Punch!.Punch.Decision, responseCode, cancellationToken);
            default:
                return result.Message ?? $"编号 {id} 的打卡无法复核。";
        }
    }

    /// <summary>
    /// Someone decided first (another leader, HR, or a command while the card still had buttons): this click's fresh
    /// response code turns the card's buttons into the decision that stands, once per decision.
    /// </summary>
    private async Task<string> AlreadyDecidedAsync(Reviewer reviewer, long id, Employee employee, string? decision, string? responseCode,
        CancellationToken cancellationToken)
    {
        var label = PunchReviewService.Label(decision);
        if (responseCode is not null && decision is not null)
        {
            await UpdateCardAsync(reviewer, employee, string.Create(CultureInfo.InvariantCulture, $"review:{id}:card-late:{decision}"), responseCode, label,
                cancellationToken);
        }

        return $"这条打卡已经处理过了（{label}），本次操作无效。";
    }

    private async Task UpdateCardAsync(Reviewer reviewer, Employee employee, string key, string responseCode, string label, CancellationToken cancellationToken)
    {
        var recipients = (await alerts.RecipientsAsync(employee, cancellationToken)).ToList();
        if (reviewer.UserId is { } clicker && !recipients.Contains(clicker, StringComparer.OrdinalIgnoreCase))
        {
            recipients.Add(clicker);
        }

        await replies.UpdateCardAsync(recipients, key, responseCode, label, cancellationToken);
    }

    /// <summary>Why this reviewer may not decide, starting with 无权限; null when they may. Says nothing about whether the punch exists.</summary>
    private static string? Refusal(Reviewer? reviewer, Employee? employee) => (reviewer, employee) switch
    {
        (null, _) => BotText.Denied + "：您不在考勤名单中或账号已停用，操作无效。",
        (_, null) => BotText.Denied + "：这条打卡不归您复核，操作无效。",
        var (r, e) when r.IsSelf(e) => BotText.Denied + "：不能复核自己的打卡，操作无效。",
        var (r, e) when !r.MayDecide(e) => BotText.Denied + "：这条打卡不归您复核，操作无效。",
        _ => null,
    };

    /// <summary>The capture time (an imported punch's differs from when it reached us), local MM-dd HH:mm.</summary>
    private static string When(ReviewPunchView item) => item.Punch.CaptureTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The weightiest finding in Chinese (critical before warning).</summary>
    private static string MainFinding(ReviewPunchView item)
    {
        var finding = item.Punch.Findings.FirstOrDefault(f => f.Severity == "critical") ?? item.Punch.Findings.FirstOrDefault(f => f.Severity == "warning");
        return BotText.Clip(finding?.Message ?? item.Punch.Message, 40);
    }

    /// <summary>The reason as typed, without control characters (it is shown to the employee and kept in the audit trail).</summary>
    private static string Clean(string? content)
    {
        var text = new string([.. (content ?? "").Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        return text;
    }
}
