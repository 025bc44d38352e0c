using System.Globalization;
using System.Text.Json;
using Attendance.Data;
using Attendance.Data.Outbox;
using Attendance.Rules.Digests;
using Attendance.Rules.Directory;
using Attendance.WeCom;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Digests;

/// <summary>How many outbox rows a publish added, and how many were already there (an earlier run of the same digest).</summary>
public sealed record DigestPublishResult(int Enqueued, int AlreadyQueued);

/// <summary>
/// Puts a department's digest into the outbox, in one transaction: markdown parts to the department's group robot
/// (4096-byte parts, then an @-mention text) and app chat (2048-byte parts), and an app message to each department
/// leader. Dedupe keys are <c>digest:{dept}:{date}:{kind}:{channel}[:{leader}]:{part}</c>, so triggering the same
/// digest twice sends it once.
/// </summary>
public sealed class DigestPublisher(ConnectionFactory factory, OutboxRepository outbox)
{
    public static string KindName(DigestKind kind) => kind == DigestKind.Full ? "full" : "rollcall";

    public static string KeyPrefix(long departmentId, DateOnly date, DigestKind kind) =>
        string.Create(CultureInfo.InvariantCulture, $"digest:{departmentId}:{date:yyyy-MM-dd}:{KindName(kind)}");

    public Task<DigestPublishResult> PublishAsync(Department department, DigestInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(department);
        ArgumentNullException.ThrowIfNull(input);
        var messages = Messages(department, input);
        return factory.InTransactionAsync(async (connection, transaction) =>
        {
            var added = 0;
            foreach (var message in messages)
            {
                added += await outbox.EnqueueAsync(connection, transaction, message) ? 1 : 0;
            }

            return new DigestPublishResult(added, messages.Count - added);
        }, cancellationToken);
    }

    /// <summary>The outbox rows of a digest, in sending order (exposed for inspection and tests).</summary>
    public static IReadOnlyList<OutboxMessage> Messages(Department department, DigestInput input)
    {
        ArgumentNullException.ThrowIfNull(department);
        var prefix = KeyPrefix(department.Id, input.Date, input.Kind);
        var messages = new List<OutboxMessage>();
        if (department.Digest.RobotKey is { } key)
        {
            var robot = DigestBuilder.Build(input, DigestBuilder.RobotMarkdownMaxBytes);
            messages.AddRange(robot.Parts.Select((part, i) => new OutboxMessage(OutboxChannels.Robot, key,
                Json(new CgiBinWebhookSendRequest { MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = part } }),
                $"{prefix}:robot:{i + 1}")));
            if (robot.MentionUserIds.Count > 0)
            {
                messages.Add(new OutboxMessage(OutboxChannels.Robot, key, Json(new CgiBinWebhookSendRequest
                {
                    MessageType = MessageTypes.Text,
                    Text = new TextContent { Content = DigestBuilder.MentionText(input), MentionedList = [.. robot.MentionUserIds] },
                }), $"{prefix}:robot:mention"));
            }
        }

        var app = DigestBuilder.Build(input, DigestBuilder.AppMarkdownMaxBytes);
        if (department.Digest.ChatId is { } chatId)
        {
            messages.AddRange(app.Parts.Select((part, i) => new OutboxMessage(OutboxChannels.AppChat, chatId,
                Json(new CgiBinAppChatSendRequest { ChatId = chatId, MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = part } }),
                $"{prefix}:chat:{i + 1}")));
        }

        foreach (var leader in department.LeaderUserIds)
        {
            messages.AddRange(app.Parts.Select((part, i) => new OutboxMessage(OutboxChannels.App, leader,
                Json(new CgiBinMessageSendRequest { ToUser = leader, MessageType = MessageTypes.Markdown, Markdown = new MarkdownContent { Content = part } }),
                $"{prefix}:app:{leader}:{i + 1}")));
        }

        return messages;
    }

    private static string Json<T>(T request) => JsonSerializer.Serialize(request, WeComJson.Options);
}
