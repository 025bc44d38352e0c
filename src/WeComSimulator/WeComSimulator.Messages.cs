using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    private async Task MessageSendAsync(HttpContext context)
    {
        var (node, body) = await ReadJsonAsync(context);
        var json = node.AsObject();
        var toUser = (string?)json["touser"];
        var msgType = (string?)json["msgtype"] ?? "";
        if (CheckAgent(json) is { } agentRefusal)
        {
            await Refuse(context, Apis.MessageSend, agentRefusal);
            return;
        }
        // 90236: msgtype must be one of the documented types (40008 不合法的msgtype参数).
        if (!SimulatorRules.AppMessageTypes.Contains(msgType))
        {
            await Refuse(context, Apis.MessageSend, new SimulatorRefusal(40008, "invalid message type"));
            return;
        }
        // 90236: touser "最多支持1000个" (40032 不合法的UserID列表长度); touser, toparty and totag cannot all be empty.
        var recipients = (toUser ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries);
        if (recipients.Length > 1000)
        {
            await Refuse(context, Apis.MessageSend, new SimulatorRefusal(40032, "invalid userid size"));
            return;
        }
        if (recipients.Length == 0 && string.IsNullOrEmpty((string?)json["toparty"]) && string.IsNullOrEmpty((string?)json["totag"]))
        {
            await Refuse(context, Apis.MessageSend, new SimulatorRefusal(WeComErrorCodes.AllRecipientsInvalid, "user & party & tag all invalid"));
            return;
        }
        if (AppContentRefusal(json, msgType, out var cut) is { } contentRefusal)
        {
            await Refuse(context, Apis.MessageSend, contentRefusal);
            return;
        }
        switch (DuplicateCheck(json, body))
        {
            case { Refusal: { } duplicateRefusal }:
                await Refuse(context, Apis.MessageSend, duplicateRefusal);
                return;
            case { Duplicate: true }:
                await Ok(context, new { invaliduser = "", msgid = $"msg-{Guid.NewGuid():N}" });
                return;
        }
        string? responseCode = null;
        if (msgType == MessageTypes.TemplateCard)
        {
            var card = json["template_card"] as JsonObject;
            var cardRefusal = SimulatorRules.CheckTemplateCard(card);
            // 90236 模板卡片消息: "同一个应用任务id不能重复" — a task id once used is refused for good (42014).
            if (cardRefusal is null && (string?)card?["task_id"] is { } taskId && !_taskIds.TryAdd(taskId, 0))
                cardRefusal = new SimulatorRefusal(WeComErrorCodes.TaskIdExists, "taskid has existed or empty or exceed max len");
            if (cardRefusal is not null)
            {
                await Refuse(context, Apis.MessageSend, cardRefusal);
                return;
            }
            responseCode = IssueResponseCode((string?)card?["task_id"]);
        }

        var invalid = "";
        if (!_users.IsEmpty && toUser is not null && toUser != "@all")
        {
            var unknown = recipients.Where(u => !_users.TryGetValue(u, out var user) || user.Status != 1).ToArray();
            if (unknown.Length == recipients.Length && string.IsNullOrEmpty((string?)json["toparty"]))
            {
                await Refuse(context, Apis.MessageSend, new SimulatorRefusal(WeComErrorCodes.AllRecipientsInvalid, "all touser invalid"));
                return;
            }
            invalid = string.Join('|', unknown);
        }

        var recorded = body;
        if (cut is not null)
        {
            json["text"]!["content"] = cut;
            recorded = json.ToJsonString(ResponseJson);
        }
        RememberForDuplicateCheck(json, body);
        var (delivered, dropped) = ThrottleMembers(recipients.Except(invalid.Split('|'), StringComparer.Ordinal).ToArray());
        if (dropped.Length > 0)
        {
            lock (_lock)
                _dropped.Add(new SimulatedMessage(Apis.MessageSend, string.Join('|', dropped), null, null, msgType, recorded));
        }
        if (delivered.Length > 0 || recipients.Length == 0 || toUser == "@all")
            Record(new SimulatedMessage(Apis.MessageSend, toUser == "@all" || dropped.Length == 0 ? toUser : string.Join('|', delivered), null, null, msgType, recorded));
        await Ok(context, new { invaliduser = invalid, msgid = $"msg-{Guid.NewGuid():N}", response_code = responseCode });
    }

    /// <summary>Requests suppressed by the duplicate check (answered ok, not delivered).</summary>
    public IReadOnlyList<string> SuppressedDuplicates
    {
        get
        {
            lock (_lock)
                return [.. _suppressed];
        }
    }

    /// <summary>
    /// 90236 发送应用消息: "支持重复消息检查，当指定 enable_duplicate_check: 1 开启: 表示在一定时间间隔内，同样内容（请求json）的消息，
    /// 不会重复收到；时间间隔可通过 duplicate_check_interval 指定，默认1800秒"; the field table: enable_duplicate_check "0表示否，1表示是，
    /// 默认0", duplicate_check_interval "最大不超过4小时". The same content is compared as the request's bytes (stricter than
    /// any comparison of meaning: a caller whose retry differs in a byte is not protected). The page names no errcode for
    /// a value out of range; 40058 不合法的参数 is answered. What WeCom answers to a duplicate is not written either: ok.
    /// </summary>
    private (bool Duplicate, SimulatorRefusal? Refusal) DuplicateCheck(JsonObject json, string body)
    {
        var enabled = json["enable_duplicate_check"] is JsonValue e && e.TryGetValue<int>(out var flag) ? flag : (int?)null;
        if (json["enable_duplicate_check"] is not null && enabled is not (0 or 1))
            return (false, new SimulatorRefusal(SimulatorRules.InvalidParameter, "enable_duplicate_check must be 0 or 1"));
        var interval = json["duplicate_check_interval"] is JsonValue i && i.TryGetValue<int>(out var seconds) ? seconds : (int?)null;
        if (json["duplicate_check_interval"] is not null && interval is not (> 0 and <= 14400))
            return (false, new SimulatorRefusal(SimulatorRules.InvalidParameter, "duplicate_check_interval must be 1..14400 seconds"));
        if (enabled != 1)
            return (false, null);
        var now = TimeProvider.GetUtcNow();
        var window = TimeSpan.FromSeconds(interval ?? 1800);
        lock (_lock)
        {
            if (_sentBodies.TryGetValue(body, out var first) && now - first < window)
            {
                _suppressed.Add(body);
                return (true, null);
            }
        }
        return (false, null);
    }

    /// <summary>A request that asked for the duplicate check and was accepted: the window starts now.</summary>
    private void RememberForDuplicateCheck(JsonObject json, string body)
    {
        if (json["enable_duplicate_check"] is JsonValue e && e.TryGetValue<int>(out var flag) && flag == 1)
        {
            lock (_lock)
                _sentBodies[body] = TimeProvider.GetUtcNow();
        }
    }

    private async Task UpdateTemplateCardAsync(HttpContext context)
    {
        var (node, body) = await ReadJsonAsync(context);
        var json = node.AsObject();
        if (CheckAgent(json) is { } agentRefusal)
        {
            await Refuse(context, Apis.MessageUpdateTemplateCard, agentRefusal);
            return;
        }
        // 94888 更新模版卡片消息 (94945 for third-party apps): the response_code of the send or of the click, usable once, within 72 hours. The page
        // names no errcode for a spent or unknown code; 40058 不合法的参数 (90455) is answered.
        var code = (string?)json["response_code"] ?? "";
        if (!_responseCodes.TryRemove(code, out var issuedAt) || TimeProvider.GetUtcNow() - issuedAt > TimeSpan.FromHours(72))
        {
            await Refuse(context, Apis.MessageUpdateTemplateCard, new SimulatorRefusal(SimulatorRules.InvalidParameter, "invalid response_code"));
            return;
        }
        if (json["button"] is null && json["template_card"] is null)
        {
            await Refuse(context, Apis.MessageUpdateTemplateCard, new SimulatorRefusal(SimulatorRules.InvalidParameter, "button or template_card is required"));
            return;
        }
        var users = string.Join('|', json["userids"]?.AsArray().Select(u => (string?)u) ?? []);
        Record(new SimulatedMessage(Apis.MessageUpdateTemplateCard, users, null, null, "update_template_card", body));
        await Ok(context, new { invaliduser = Array.Empty<string>() });
    }

    private async Task AppChatCreateAsync(HttpContext context)
    {
        var (json, _) = await ReadJsonAsync(context);
        var users = json["userlist"]?.AsArray().Select(u => (string?)u).ToArray() ?? [];
        // 90245: userlist "至少2人，至多2000人".
        if (users.Length is < 2 or > 2000)
        {
            await Refuse(context, Apis.AppChatCreate, new SimulatorRefusal(86215, "chat member count invalid"));
            return;
        }
        // 90245: chatid "最长32个字符。只允许字符0-9及字母a-zA-Z", unique among the app's chats.
        var given = (string?)json["chatid"];
        if (given is { Length: > 0 } && (!ChatIdPattern().IsMatch(given) || _chats.ContainsKey(given)))
        {
            await Refuse(context, Apis.AppChatCreate, new SimulatorRefusal(SimulatorRules.InvalidParameter, "invalid chatid"));
            return;
        }
        var chatId = given is { Length: > 0 } ? given : $"chat{Guid.NewGuid():N}"[..32];
        CreateChat(chatId, (string?)json["name"] ?? "", [.. users.OfType<string>()]);
        await Ok(context, new { chatid = chatId });
    }

    private async Task AppChatSendAsync(HttpContext context)
    {
        var (node, body) = await ReadJsonAsync(context);
        var json = node.AsObject();
        var chatId = (string?)json["chatid"];
        var msgType = (string?)json["msgtype"] ?? "";
        if (chatId is null || !_chats.ContainsKey(chatId))
        {
            await Refuse(context, Apis.AppChatSend, new SimulatorRefusal(ChatNotFound, "invalid chatid"));
            return;
        }
        // 90248 应用推送消息: the msgtypes and content limits of app messages.
        if (!SimulatorRules.AppChatMessageTypes.Contains(msgType))
        {
            await Refuse(context, Apis.AppChatSend, new SimulatorRefusal(40008, "invalid message type"));
            return;
        }
        if (AppContentRefusal(json, msgType, out var cut) is { } refusal)
        {
            await Refuse(context, Apis.AppChatSend, refusal);
            return;
        }
        if (cut is not null)
        {
            json["text"]!["content"] = cut;
            body = json.ToJsonString(ResponseJson);
        }
        Record(new SimulatedMessage(Apis.AppChatSend, null, chatId, null, msgType, body));
        await Ok(context, new { });
    }

    private async Task WebhookSendAsync(HttpContext context)
    {
        var (node, body) = await ReadJsonAsync(context);
        var json = node.AsObject();
        var key = context.Request.Query["key"].ToString();
        var msgType = (string?)json["msgtype"] ?? "";
        // 99110 群机器人: msgtype values, text ≤ 2048 bytes, markdown ≤ 4096 bytes, file from this robot's upload.
        if (!SimulatorRules.RobotMessageTypes.Contains(msgType))
        {
            await Refuse(context, Apis.WebhookSend, new SimulatorRefusal(40008, "invalid message type"));
            return;
        }
        if (SimulatorRules.CheckContent(json, msgType, robot: true, out _) is { } refusal)
        {
            await Refuse(context, Apis.WebhookSend, refusal);
            return;
        }
        if (msgType == MessageTypes.File && RobotMediaRefusal((string?)json["file"]?["media_id"], key) is { } mediaRefusal)
        {
            await Refuse(context, Apis.WebhookSend, mediaRefusal);
            return;
        }
        // 99110: "每个机器人发送的消息不能超过20条/分钟" (45009 beyond).
        if (!TakeRobotBudget(key))
        {
            await Refuse(context, Apis.WebhookSend, new SimulatorRefusal(WeComErrorCodes.FrequencyLimited, "api freq out of limit"));
            return;
        }
        Record(new SimulatedMessage(Apis.WebhookSend, null, null, key, msgType, body));
        await Ok(context, new { });
    }

    private SimulatorRefusal? AppContentRefusal(JsonObject json, string msgType, out string? cut) =>
        SimulatorRules.CheckContent(json, msgType, robot: false, out cut)
        ?? (msgType == MessageTypes.File ? AppMediaRefusal((string?)json["file"]?["media_id"]) : null);

    /// <summary>90236: agentid is required and must be this app's (40056 不合法的agentid).</summary>
    private SimulatorRefusal? CheckAgent(JsonObject json) =>
        json["agentid"] is JsonValue value && value.TryGetValue<long>(out var agent) && agent.ToString(CultureInfo.InvariantCulture) == AgentId
            ? null
            : new SimulatorRefusal(40056, "invalid agentid");

    private string IssueResponseCode(string? taskId)
    {
        var code = $"rc-{Guid.NewGuid():N}";
        IssueResponseCode(code, taskId);
        return code;
    }

    private void IssueResponseCode(string code, string? taskId)
    {
        _responseCodes[code] = TimeProvider.GetUtcNow();
        if (taskId is not null)
            _responseCodeTasks[code] = taskId;
    }

    /// <summary>The task_id of the card a response_code was issued for (at its send or a click on it), or null.</summary>
    public string? TaskIdOfResponseCode(string responseCode) => _responseCodeTasks.GetValueOrDefault(responseCode);

    [GeneratedRegex("^[0-9A-Za-z]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChatIdPattern();
}
