using System.Text.Json;
using System.Text.Json.Nodes;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    private const int InvalidMediaId = 40007;
    private const int UserNotFound = 60111;
    private const int InvalidWebhookKey = 93000;
    private const int ChatNotFound = 86003;
    private const string BodyItem = "fake-wecom-json";

    private static readonly JsonSerializerOptions ResponseJson = WeComJson.Options;

    private async Task HandleAsync(HttpContext context)
    {
        var api = context.Request.Path.Value ?? "";
        _calls.AddOrUpdate(api, 1, (_, n) => n + 1);
        if (_lostAnswers.TryGetValue(api, out var lost) && lost.TryDequeue(out _))
        {
            // WeCom did the work but its answer never arrives (a timeout, a reset connection): the caller must retry
            // without doubling anything.
            context.Response.Body = Stream.Null;
            await ServeAsync(context, api);
            context.Abort();
            return;
        }
        if (_heldAnswers.TryGetValue(api, out var held) && held.TryDequeue(out var served))
        {
            context.Response.Body = Stream.Null;
            await ServeAsync(context, api);
            served.TrySetResult();
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (context.RequestAborted.Register(() => gone.TrySetResult()))
                await gone.Task;
            context.Abort();
            return;
        }
        await ServeAsync(context, api);
    }

    private async Task ServeAsync(HttpContext context, string api)
    {
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
        // 90312 频率限制: over an API's budget WeCom answers 45009 "api freq out of limit".
        if (_rateLimited.ContainsKey(api) || !TakeMinuteBudget(api))
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

        if (HttpMethods.IsPost(context.Request.Method) && api is not (Apis.MediaUpload or Apis.WebhookUploadMedia))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            if (SimulatorRules.CheckJsonBody(buffer.ToArray(), out var json) is { } refusal)
            {
                await Refuse(context, api, refusal);
                return;
            }
            context.Items[BodyItem] = (json!, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }

        switch (api)
        {
            case Apis.MessageSend:
                await MessageSendAsync(context);
                break;
            case Apis.MessageUpdateTemplateCard:
                await UpdateTemplateCardAsync(context);
                break;
            case Apis.AppChatCreate:
                await AppChatCreateAsync(context);
                break;
            case Apis.AppChatSend:
                await AppChatSendAsync(context);
                break;
            case Apis.WebhookSend:
                await WebhookSendAsync(context);
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
        // 91039: WeCom may end a token before its expires_in; ExpireTokensAfterCalls makes that happen mid-run.
        if (Interlocked.Decrement(ref _callsUntilTokenExpiry) == 0)
            ExpireAllTokens();
        return TimeProvider.GetUtcNow() >= _tokens.GetValueOrDefault(token, expiresAt) ? WeComErrorCodes.AccessTokenExpired : null;
    }

    private void Record(SimulatedMessage message)
    {
        lock (_lock)
            _messages.Add(message with { Seq = _messages.Count + 1, At = TimeProvider.GetUtcNow() });
    }

    /// <summary>The JSON body, already checked for \u escapes and format by <see cref="HandleAsync"/>.</summary>
    private static Task<(JsonNode Json, string Body)> ReadJsonAsync(HttpContext context) =>
        Task.FromResult(context.Items[BodyItem] is (JsonNode json, string body) ? (json, body) : ((JsonNode)new JsonObject(), ""));

    private Task Refuse(HttpContext context, string api, SimulatorRefusal refusal)
    {
        lock (_lock)
            _refusals.Add((api, refusal));
        return Error(context, refusal.ErrorCode, refusal.Message);
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
