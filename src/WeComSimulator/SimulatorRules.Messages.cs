using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Attendance.WeCom.Simulator;

public static partial class SimulatorRules
{
    /// <summary>90236 应用消息 msgtype values (40008 不合法的msgtype参数 otherwise).</summary>
    public static readonly IReadOnlySet<string> AppMessageTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "image", "voice", "video", "file", "textcard", "news", "mpnews", "markdown", "miniprogram_notice", "template_card",
    };

    /// <summary>90248 appchat/send msgtype values.</summary>
    public static readonly IReadOnlySet<string> AppChatMessageTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "image", "voice", "video", "file", "textcard", "news", "mpnews", "markdown",
    };

    /// <summary>99110 群机器人 msgtype values.</summary>
    public static readonly IReadOnlySet<string> RobotMessageTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "text", "markdown", "markdown_v2", "image", "news", "file", "voice", "template_card",
    };

    /// <summary>
    /// The body of one message (text, markdown, file) as message/send (90236), appchat/send (90248) and webhook/send
    /// (99110) define it. App text longer than 2048 bytes is cut by WeCom ("超过将截断", 90236), so the text is
    /// returned cut and the caller records what the member would see; everything else over a limit is refused.
    /// </summary>
    public static SimulatorRefusal? CheckContent(JsonObject json, string msgType, bool robot, out string? cutText)
    {
        cutText = null;
        switch (msgType)
        {
            case "text":
                var text = (string?)json["text"]?["content"];
                if (string.IsNullOrEmpty(text))
                {
                    return new SimulatorRefusal(44004, "empty content");
                }

                if (Utf8Bytes(text) > TextMaxBytes)
                {
                    // 99110: the robot refuses (40058 "content exceed max length 2048"); 90236/90248: the app cuts.
                    if (robot)
                    {
                        return new SimulatorRefusal(InvalidParameter, "text.content exceed max length 2048");
                    }

                    cutText = TruncateUtf8(text, TextMaxBytes);
                }

                break;
            case "markdown" or "markdown_v2":
                var markdown = (string?)json[msgType]?["content"];
                var max = robot ? RobotMarkdownMaxBytes : AppMarkdownMaxBytes;
                if (string.IsNullOrEmpty(markdown))
                {
                    return new SimulatorRefusal(44004, $"empty {msgType}.content");
                }

                // 99110: markdown "最长不超过4096个字节"; 90236/90248: app markdown "最长不超过2048个字节" (no cutting is
                // documented for markdown, so the limit is enforced as the robot does: 40058).
                if (Utf8Bytes(markdown) > max)
                {
                    return new SimulatorRefusal(InvalidParameter, $"{msgType}.content exceed max length {max}");
                }

                break;
            case "file":
                if (string.IsNullOrEmpty((string?)json["file"]?["media_id"]))
                {
                    return new SimulatorRefusal(40007, "invalid media_id");
                }

                break;
        }

        return null;
    }

    /// <summary>
    /// 90236 模板卡片消息, card_type button_interaction (the only kind we send): task_id required, at most 128 bytes
    /// of digits, letters and "_-@", never reused within the app (42014 "taskid has existed or empty or exceed max
    /// len"); main_title.title or sub_title_text required; horizontal_content_list at most 6 entries; button_list 1..6
    /// buttons with text and a key of at most 1024 bytes, keys unique. The *建议* (suggested) display lengths are not
    /// enforced by WeCom and so not here.
    /// </summary>
    public static SimulatorRefusal? CheckTemplateCard(JsonObject? card)
    {
        if (card is null)
        {
            return new SimulatorRefusal(InvalidParameter, "missing template_card");
        }

        var cardType = (string?)card["card_type"];
        if (cardType is not ("text_notice" or "news_notice" or "button_interaction" or "vote_interaction" or "multiple_interaction"))
        {
            return new SimulatorRefusal(InvalidParameter, "invalid card_type");
        }

        if (cardType != "button_interaction")
        {
            return null;
        }

        var taskId = (string?)card["task_id"];
        if (string.IsNullOrEmpty(taskId) || Utf8Bytes(taskId) > 128 || !TaskIdPattern().IsMatch(taskId))
        {
            return new SimulatorRefusal(42014, "taskid has existed or empty or exceed max len");
        }

        if (string.IsNullOrEmpty((string?)card["main_title"]?["title"]) && string.IsNullOrEmpty((string?)card["sub_title_text"]))
        {
            return new SimulatorRefusal(InvalidParameter, "main_title.title or sub_title_text is required");
        }

        if (card["horizontal_content_list"] is JsonArray { Count: > 6 })
        {
            return new SimulatorRefusal(InvalidParameter, "horizontal_content_list exceed max size 6");
        }

        if (card["button_list"] is not JsonArray { Count: >= 1 and <= 6 } buttons)
        {
            return new SimulatorRefusal(InvalidParameter, "button_list size must be 1..6");
        }

        var keys = buttons.Select(b => (string?)b?["key"]).ToList();
        if (keys.Any(k => string.IsNullOrEmpty(k) || Utf8Bytes(k) > 1024) || keys.Distinct(StringComparer.Ordinal).Count() != keys.Count
            || buttons.Any(b => string.IsNullOrEmpty((string?)b?["text"])))
        {
            return new SimulatorRefusal(InvalidParameter, "invalid button_list: text required, key 1..1024 bytes and unique");
        }

        return null;
    }

    [GeneratedRegex("^[0-9A-Za-z_@-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskIdPattern();
}
