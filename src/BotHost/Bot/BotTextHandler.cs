using Attendance.BotHost.Days;
using Attendance.BotHost.WeComCallback;
using Attendance.Rules.Commands;
using Attendance.Rules.Common;
using Attendance.WeCom.Callback;

namespace Attendance.BotHost.Bot;

/// <summary>
/// Text messages to the app: parse → resolve the caller → authorize and run the command → reply through the outbox,
/// keyed by the callback so a redelivery never answers twice.
/// </summary>
public sealed class BotTextHandler(
    BotDirectory directory,
    BotQueries queries,
    BotExports exports,
    BotCorrections corrections,
    BotReviews reviews,
    BotReplies replies,
    DayService days,
    ILogger<BotTextHandler> logger) : ICallbackHandler
{
    public string MsgType => "text";

    public string? Event => null;

    public async Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken)
    {
        var from = message.FromUserName;
        if (!Identifiers.IsUserId(from) || !replies.IsForThisApp(message))
        {
            logger.LogWarning("Ignored a WeCom text message without a valid sender or for another app");
            return;
        }

        var key = BotReplies.CallbackKey(message);
        string reply;
        try
        {
            reply = await AnswerAsync(from!, message.Content, key, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Bot command from {UserId} failed", from);
            reply = BotText.Failed;
        }

        await replies.TextAsync(from!, key, reply, cancellationToken);
    }

    private async Task<string> AnswerAsync(string from, string? content, string key, CancellationToken cancellationToken)
    {
        var today = days.Today();
        // After a 驳回 click the reviewer's next message is the reason, whatever it says (unless it is a command).
        if (await reviews.AnswerPromptAsync(from, content, today, cancellationToken) is { } answered)
        {
            return answered;
        }

        var command = BotCommandParser.Parse(content, today);
        if (command is NotACommand)
        {
            return BotText.NotACommand;
        }

        if (command is HelpCommand)
        {
            return BotCommandParser.HelpText;
        }

        if (await directory.ResolveAsync(from, today, cancellationToken) is not { } caller)
        {
            return BotText.UnknownCaller;
        }

        return command switch
        {
            InvalidCommand invalid => invalid.Reply,
            MyAttendanceCommand me => await queries.MyAttendanceAsync(caller, me.Range, cancellationToken),
            QueryPersonCommand query => await queries.QueryPersonAsync(caller, query, cancellationToken),
            DepartmentRollCallCommand dept => await queries.RollCallAsync(caller, dept, cancellationToken),
            AnomaliesCommand anomalies => await queries.AnomaliesAsync(caller, anomalies, cancellationToken),
            ExportCommand export => await exports.RequestAsync(caller, export, key, cancellationToken),
            CorrectionCommand correction => await corrections.RequestAsync(caller, correction, cancellationToken),
            PendingCommand => await corrections.PendingAsync(caller, cancellationToken),
            PendingReviewsCommand => await reviews.PendingAsync(caller, cancellationToken),
            ReviewDecisionCommand decision => await reviews.DecideAsync(caller, decision, cancellationToken),
            _ => BotText.NotACommand,
        };
    }
}

/// <summary>Clicks on cards (template_card_event), by task id: <c>review-</c> a flagged punch, anything else a 补卡 request.</summary>
public sealed class BotCardClickHandler(BotCorrections corrections, BotReviews reviews, BotReplies replies, ILogger<BotCardClickHandler> logger)
    : ICallbackHandler
{
    public string MsgType => "event";

    public string? Event => "template_card_event";

    public async Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await (Punching.ReviewCard.IsReviewTask(message.TaskId)
                ? reviews.ClickAsync(message, cancellationToken)
                : corrections.ClickAsync(message, cancellationToken));
        }
        catch (Exception e) when ((e is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && Identifiers.IsUserId(message.FromUserName))
        {
            logger.LogError(e, "Card click from {UserId} failed", message.FromUserName);
            await replies.TextAsync(message.FromUserName!, BotReplies.CallbackKey(message) + ":failed", BotText.Failed, cancellationToken);
        }
    }
}
