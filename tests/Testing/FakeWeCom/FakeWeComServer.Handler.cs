using System.Text.Json;
using System.Text.Json.Nodes;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.WeCom.Models;
using Microsoft.AspNetCore.Http;

namespace Attendance.Testing.FakeWeCom;

public sealed partial class FakeWeComServer
{
    private const int InvalidMediaId = 40007;
    private const int UserNotFound = 60111;
    private const int InvalidWebhookKey = 93000;
    private const int ChatNotFound = 86003;

    private static readonly JsonSerializerOptions ResponseJson = WeComJson.Options;

    private async Task HandleAsync(HttpContext context)
    {
        var api = context.Request.Path.Value ?? "";
        _calls.AddOrUpdate(api, 1, (_, n) => n + 1);
        var query = context.Request.Query;

        if (UntrustedCallerIp is { } ip)
        {
            await Error(context, WeComErrorCodes.UntrustedIp,
                $"not allow to access from your ip, hint: [1700000000_1_abc], from ip: {ip}, more info at https://open.work.weixin.qq.com/devtool/query?e=60020");
            return;
        }
        if (api == Apis.GetToken)
        {
            await GetTokenAsync(context);
            return;
        }
        if (_scriptedErrors.TryGetValue(api, out var scripted) && scripted.TryDequeue(out var code))
        {
            await Error(context, code, $"scripted error {code}");
            return;
        }
        if (_rateLimited.ContainsKey(api))
        {
            await Error(context, WeComErrorCodes.FrequencyLimited, "api freq out of limit");
            return;
        }
        if (api.StartsWith("/cgi-bin/webhook/", StringComparison.Ordinal))
        {
            var key = query["key"].ToString();
            if (string.IsNullOrEmpty(key) || (RobotKeys.Count > 0 && !RobotKeys.Contains(key)))
            {
                await Error(context, InvalidWebhookKey, "invalid webhook url");
                return;
            }
        }
        else if (TokenError(query["access_token"].ToString()) is { } tokenError)
        {
            await Error(context, tokenError, tokenError == WeComErrorCodes.AccessTokenExpired ? "access_token expired" : "invalid access_token");
            return;
        }

        switch (api)
        {
            case Apis.MessageSend:
                await MessageSendAsync(context);
                break;
            case Apis.MessageUpdateTemplateCard:
                await RecordAsync(context, api, json => (string.Join('|', json["userids"]?.AsArray().Select(u => (string?)u) ?? []), null, "update_template_card"));
                await Ok(context, new { invaliduser = Array.Empty<string>() });
                break;
            case Apis.AppChatCreate:
                await AppChatCreateAsync(context);
                break;
            case Apis.AppChatSend:
                await AppChatSendAsync(context);
                break;
            case Apis.WebhookSend:
                await RecordAsync(context, api, json => (null, null, (string?)json["msgtype"]), query["key"].ToString());
                await Ok(context, new { });
                break;
            case Apis.WebhookUploadMedia:
            case Apis.MediaUpload:
                await UploadAsync(context, api == Apis.WebhookUploadMedia ? query["key"].ToString() : null);
                break;
            case Apis.MediaGet:
                await MediaGetAsync(context);
                break;
            case Apis.MiniProgramJsCode2Session:
                await JsCode2SessionAsync(context);
                break;
            case Apis.AuthGetUserInfo:
                await GetUserInfoAsync(context);
                break;
            case Apis.UserGet:
                await UserGetAsync(context);
                break;
            case Apis.DepartmentList:
                await DepartmentListAsync(context);
                break;
            case Apis.CheckinGetCheckinData:
                await GetCheckinDataAsync(context);
                break;
            case Apis.CheckinAddCheckinRecord:
                await AddCheckinRecordAsync(context);
                break;
            case JsApiApis.GetJsApiTicket:
            case JsApiApis.TicketGet:
                await JsApiTicketAsync(context, api);
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                break;
        }
    }

    private async Task GetTokenAsync(HttpContext context)
    {
        var corpId = context.Request.Query["corpid"].ToString();
        var secret = context.Request.Query["corpsecret"].ToString();
        if (corpId != CorpId)
        {
            await Error(context, WeComErrorCodes.InvalidCorpId, "invalid corpid");
            return;
        }
        if (secret != AgentSecret)
        {
            await Error(context, WeComErrorCodes.InvalidCredential, "invalid credential");
            return;
        }
        if (_scriptedErrors.TryGetValue(Apis.GetToken, out var scripted) && scripted.TryDequeue(out var code))
        {
            await Error(context, code, $"scripted error {code}");
            return;
        }
        var token = $"fake-token-{Interlocked.Increment(ref _tokenSerial)}-{Guid.NewGuid():N}";
        _tokens[token] = TimeProvider.GetUtcNow() + TokenLifetime;
        _issuedTokens.Enqueue(token);
        await Ok(context, new { access_token = token, expires_in = (int)TokenLifetime.TotalSeconds });
    }

    private int? TokenError(string token)
    {
        if (string.IsNullOrEmpty(token) || !_tokens.TryGetValue(token, out var expiresAt))
            return WeComErrorCodes.InvalidAccessToken;
        return TimeProvider.GetUtcNow() >= expiresAt ? WeComErrorCodes.AccessTokenExpired : null;
    }

    private async Task MessageSendAsync(HttpContext context)
    {
        var (json, body) = await ReadJsonAsync(context);
        var toUser = (string?)json["touser"];
        var msgType = (string?)json["msgtype"];
        var invalid = "";
        if (!_users.IsEmpty && toUser is not null && toUser != "@all")
        {
            var recipients = toUser.Split('|', StringSplitOptions.RemoveEmptyEntries);
            var unknown = recipients.Where(u => !_users.TryGetValue(u, out var user) || user.Status != 1).ToArray();
            if (unknown.Length == recipients.Length && string.IsNullOrEmpty((string?)json["toparty"]))
            {
                await Error(context, WeComErrorCodes.AllRecipientsInvalid, "all touser invalid");
                return;
            }
            invalid = string.Join('|', unknown);
        }
        Record(new FakeSentMessage(Apis.MessageSend, toUser, null, null, msgType, body));
        var responseCode = msgType == MessageTypes.TemplateCard ? $"rc-{Guid.NewGuid():N}" : null;
        await Ok(context, new { invaliduser = invalid, msgid = $"msg-{Guid.NewGuid():N}", response_code = responseCode });
    }

    private async Task AppChatCreateAsync(HttpContext context)
    {
        var (json, _) = await ReadJsonAsync(context);
        var users = json["userlist"]?.AsArray().Select(u => (string?)u).ToArray() ?? [];
        if (users.Length < 2)
        {
            await Error(context, 86215, "chat member count invalid");
            return;
        }
        var chatId = (string?)json["chatid"] is { Length: > 0 } given ? given : $"chat{Guid.NewGuid():N}";
        _chats[chatId] = (string?)json["name"] ?? "";
        await Ok(context, new { chatid = chatId });
    }

    private async Task AppChatSendAsync(HttpContext context)
    {
        var (json, body) = await ReadJsonAsync(context);
        var chatId = (string?)json["chatid"];
        if (chatId is null || !_chats.ContainsKey(chatId))
        {
            await Error(context, ChatNotFound, "invalid chatid");
            return;
        }
        Record(new FakeSentMessage(Apis.AppChatSend, null, chatId, null, (string?)json["msgtype"], body));
        await Ok(context, new { });
    }

    private async Task UploadAsync(HttpContext context, string? robotKey)
    {
        if (!context.Request.HasFormContentType)
        {
            await Error(context, 41005, "media data missing");
            return;
        }
        var form = await context.Request.ReadFormAsync();
        var file = form.Files.GetFile("media");
        if (file is null)
        {
            await Error(context, 41005, "media data missing");
            return;
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        var type = context.Request.Query["type"].ToString();
        var id = $"media-{Interlocked.Increment(ref _mediaSerial)}";
        _media[id] = new FakeMedia(id, type, file.FileName, file.ContentType, buffer.ToArray(), robotKey);
        await Ok(context, new { type, media_id = id, created_at = TimeProvider.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private async Task MediaGetAsync(HttpContext context)
    {
        if (!_media.TryGetValue(context.Request.Query["media_id"].ToString(), out var media))
        {
            await Error(context, InvalidMediaId, "invalid media_id");
            return;
        }
        context.Response.ContentType = media.ContentType ?? "application/octet-stream";
        // filename* keeps non-ASCII names legal in the header, as WeCom does for Chinese file names.
        context.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment") { FileNameStar = media.FileName }.ToString();
        await context.Response.Body.WriteAsync(media.Content);
    }

    private async Task RecordAsync(HttpContext context, string api, Func<JsonNode, (string? ToUser, string? ChatId, string? MsgType)> describe, string? robotKey = null)
    {
        var (json, body) = await ReadJsonAsync(context);
        var (toUser, chatId, msgType) = describe(json);
        Record(new FakeSentMessage(api, toUser, chatId, robotKey, msgType, body));
    }

    private void Record(FakeSentMessage message)
    {
        lock (_lock)
            _messages.Add(message);
    }

    private static async Task<(JsonNode Json, string Body)> ReadJsonAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        return (JsonNode.Parse(body) ?? new JsonObject(), body);
    }

    private static Task Ok<T>(HttpContext context, T payload)
    {
        var node = JsonSerializer.SerializeToNode(payload, ResponseJson)!.AsObject();
        node["errcode"] = 0;
        node["errmsg"] = "ok";
        return Write(context, node);
    }

    private static Task Error(HttpContext context, int code, string message) =>
        Write(context, new JsonObject { ["errcode"] = code, ["errmsg"] = message });

    private static async Task Write(HttpContext context, JsonObject node)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(node.ToJsonString(ResponseJson));
    }
}
