using System.Text;
using System.Text.Json;
using Attendance.Data.Outbox;
using Attendance.Rules.Digests;
using Attendance.WeCom;
using Attendance.WeCom.Models;

namespace Attendance.BotHost.Outbox;

/// <summary>
/// Real-time alerts (dedupe key <c>alert:...</c>) to one leader, coalesced into one app message: the rows that fit
/// within the app markdown limit go together; the rest wait for the next window.
/// </summary>
internal sealed record AlertBatch(IReadOnlyList<OutboxRow> Included, IReadOnlyList<OutboxRow> Deferred, string Payload)
{
    public const string KeyPrefix = "alert:";

    /// <summary>
    /// A text alert that may be merged. Template cards never are, whatever their key: a card carries buttons and a
    /// task_id of its own, and merging it into markdown would lose the very thing the leader has to click.
    /// </summary>
    public static bool IsAlert(OutboxRow row) =>
        row.Channel == OutboxChannels.App && row.DedupeKey.StartsWith(KeyPrefix, StringComparison.Ordinal) && !IsTemplateCard(row.Payload);

    private static bool IsTemplateCard(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("msgtype", out var type) && type.ValueKind == JsonValueKind.String
                   && type.ValueEquals(MessageTypes.TemplateCard);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static AlertBatch Build(string target, IReadOnlyList<OutboxRow> rows)
    {
        if (rows.Count == 1)
        {
            return new AlertBatch(rows, [], rows[0].Payload);
        }

        var title = $"**打卡异常提醒（{rows.Count} 条）**";
        var builder = new StringBuilder(title);
        var included = new List<OutboxRow>();
        var deferred = new List<OutboxRow>();
        foreach (var row in rows)
        {
            var text = "\n\n" + ContentOf(row.Payload);
            if (deferred.Count == 0 && DigestBuilder.Bytes(builder.ToString()) + DigestBuilder.Bytes(text) <= DigestBuilder.AppMarkdownMaxBytes)
            {
                builder.Append(text);
                included.Add(row);
            }
            else
            {
                deferred.Add(row);
            }
        }

        var content = builder.ToString();
        if (deferred.Count > 0)
        {
            content = content.Replace(title, $"**打卡异常提醒（{included.Count} 条，其余稍后发送）**", StringComparison.Ordinal);
        }

        var request = new CgiBinMessageSendRequest
        {
            ToUser = target,
            MessageType = MessageTypes.Markdown,
            Markdown = new MarkdownContent { Content = content },
        };
        return new AlertBatch(included, deferred, JsonSerializer.Serialize(request, WeComJson.Options));
    }

    private static string ContentOf(string payload)
    {
        try
        {
            var request = JsonSerializer.Deserialize<CgiBinMessageSendRequest>(payload, WeComJson.Options);
            return request?.Markdown?.Content ?? request?.Text?.Content ?? request?.TextCard?.Description ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
