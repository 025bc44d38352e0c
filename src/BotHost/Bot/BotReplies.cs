using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attendance.BotHost.WeComCallback;
using Attendance.Data;
using Attendance.Data.Outbox;
using Attendance.Rules.Commands;
using Attendance.WeCom;
using Attendance.WeCom.Callback;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Bot;

/// <summary>
/// Everything the bot says goes through the outbox. Dedupe keys derive from what caused the message (the callback's
/// MsgId, or a correction id), so a redelivered callback or a rerun never says anything twice.
/// </summary>
public sealed class BotReplies(ConnectionFactory factory, OutboxRepository outbox, WeComSettings wecom)
{
    public const string KeyPrefix = "bot:";

    /// <summary>The outbox target column holds 200 characters; a card goes to as many approvers as fit.</summary>
    public const int MaxTargetLength = 200;

    /// <summary>A stable key for one callback: the agent and WeCom's dedupe identity (MsgId, or sender + time for events).</summary>
    public static string CallbackKey(WeComCallbackMessage message)
    {
        var key = $"{message.AgentId}:{message.DeduplicationKey}";
        return key.Length <= 120 ? key : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>False for a callback naming another app's AgentID (a misrouted callback URL): the bot ignores it.</summary>
    public bool IsForThisApp(WeComCallbackMessage message) =>
        string.IsNullOrEmpty(message.AgentId) || string.IsNullOrEmpty(wecom.Value.AgentId)
        || string.Equals(message.AgentId.Trim(), wecom.Value.AgentId.Trim(), StringComparison.Ordinal);

    /// <summary>Text to one member, split at line boundaries into parts of at most 2048 bytes, queued together.</summary>
    public Task<int> TextAsync(string toUser, string key, string text, CancellationToken cancellationToken = default)
    {
        var parts = ChatReplies.Split(text);
        var messages = parts.Select((part, i) => new OutboxMessage(OutboxChannels.App, toUser, Json(new CgiBinMessageSendRequest
        {
            ToUser = toUser,
            MessageType = MessageTypes.Text,
            AgentId = AgentId(),
            Text = new TextContent { Content = part },
        }), Key(key, parts.Count == 1 ? "1" : (i + 1).ToString(CultureInfo.InvariantCulture)))).ToList();
        return EnqueueAsync(messages, cancellationToken);
    }

    public Task<int> FileAsync(string toUser, string key, string mediaId, CancellationToken cancellationToken = default) =>
        EnqueueAsync([new OutboxMessage(OutboxChannels.App, toUser, Json(new CgiBinMessageSendRequest
        {
            ToUser = toUser,
            MessageType = MessageTypes.File,
            AgentId = AgentId(),
            File = new FileContent { MediaId = mediaId },
        }), Key(key, "file"))], cancellationToken);

    /// <summary>One template card to several members (one message, so one task_id); returns who it goes to.</summary>
    public async Task<IReadOnlyList<string>> CardAsync(IReadOnlyList<string> toUsers, string key, TemplateCardContent card,
        CancellationToken cancellationToken = default)
    {
        var recipients = new List<string>();
        foreach (var user in toUsers)
        {
            if (string.Join('|', recipients.Append(user)).Length <= MaxTargetLength)
            {
                recipients.Add(user);
            }
        }

        var touser = string.Join('|', recipients);
        await EnqueueAsync([new OutboxMessage(OutboxChannels.App, touser, Json(new CgiBinMessageSendRequest
        {
            ToUser = touser,
            MessageType = MessageTypes.TemplateCard,
            AgentId = AgentId(),
            TemplateCard = card,
        }), Key(key, "card"))], cancellationToken);
        return recipients;
    }

    /// <summary>Replaces the card's buttons with <paramref name="label"/> for <paramref name="userIds"/>.</summary>
    public Task<int> UpdateCardAsync(IReadOnlyList<string> userIds, string key, string responseCode, string label,
        CancellationToken cancellationToken = default) =>
        EnqueueAsync([new OutboxMessage(OutboxChannels.AppCardUpdate, string.Join('|', userIds) is { Length: <= MaxTargetLength } t ? t : userIds[0],
            Json(new CgiBinMessageUpdateTemplateCardRequest
            {
                UserIds = [.. userIds],
                AgentId = AgentId(),
                ResponseCode = responseCode,
                Button = new UpdateTemplateCardButton { ReplaceName = label },
            }), Key(key, "card-update"))], cancellationToken);

    private Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken) =>
        factory.InTransactionAsync(async (connection, transaction) =>
        {
            var added = 0;
            foreach (var message in messages)
            {
                added += await outbox.EnqueueAsync(connection, transaction, message) ? 1 : 0;
            }

            return added;
        }, cancellationToken);

    private int? AgentId() => int.TryParse(wecom.Value.AgentId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var agent) ? agent : null;

    private static string Key(string key, string part) => $"{KeyPrefix}{key}:{part}";

    private static string Json<T>(T request) => JsonSerializer.Serialize(request, WeComJson.Options);
}
