using System.Text.Json;
using Attendance.Data.Outbox;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Outbox;

/// <summary>Posts one outbox row to WeCom by its channel; the payload is the request JSON of that API.</summary>
internal static class OutboxDelivery
{
    /// <param name="duplicateCheck">
    /// For app messages, WeCom's duplicate check window (zero: none). appchat/send (90248) and the robot webhook (99110)
    /// have no such check, so a crash between their delivery and the row being marked sent can show them twice.
    /// </param>
    public static async Task SendAsync(WeComClient client, string channel, string target, string payload, TimeSpan duplicateCheck,
        CancellationToken cancellationToken)
    {
        switch (channel)
        {
            case OutboxChannels.App:
                var app = Parse<CgiBinMessageSendRequest>(payload);
                app.ToUser ??= target;
                if (duplicateCheck > TimeSpan.Zero && app.EnableDuplicateCheck is null)
                {
                    app.EnableDuplicateCheck = 1;
                    app.DuplicateCheckInterval = (int)duplicateCheck.TotalSeconds;
                }

                await client.ExecuteCgiBinMessageSendAsync(app, cancellationToken);
                break;
            case OutboxChannels.AppChat:
                var chat = Parse<CgiBinAppChatSendRequest>(payload);
                if (string.IsNullOrEmpty(chat.ChatId))
                {
                    chat.ChatId = target;
                }

                await client.ExecuteCgiBinAppChatSendAsync(chat, cancellationToken);
                break;
            case OutboxChannels.Robot:
                // The target is the robot's key: a secret that goes only into the request, never into logs.
                await client.ExecuteCgiBinWebhookSendAsync(target, Parse<CgiBinWebhookSendRequest>(payload), cancellationToken);
                break;
            case OutboxChannels.AppCardUpdate:
                await client.ExecuteCgiBinMessageUpdateTemplateCardAsync(Parse<CgiBinMessageUpdateTemplateCardRequest>(payload), cancellationToken);
                break;
            default:
                throw new OutboxPayloadException($"unknown channel '{channel}'");
        }
    }

    private static T Parse<T>(string payload)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(payload, WeComJson.Options) ?? throw new OutboxPayloadException("payload is JSON null");
        }
        catch (JsonException e)
        {
            throw new OutboxPayloadException($"payload is not a valid request: {e.Message}");
        }
    }
}

/// <summary>A row that can never be delivered as stored (bad JSON, unknown channel): parked, not retried.</summary>
internal sealed class OutboxPayloadException(string message) : Exception(message);
