using System.Net;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.PunchPage;
using Attendance.BotHost.WeComCallback;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Attendance.Rules.Directory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Sessions;

/// <summary>
/// <c>POST /api/sessions/{miniprogram|oauth|dev}</c>: exchange a WeCom login code (or, for development, a user id
/// from loopback) for a session token of an active employee; <c>/api/sessions/oauth/{start|state}</c>, the signed
/// state of the WeCom OAuth redirect; <c>GET /api/me</c>, who the session belongs to.
/// </summary>
public static class SessionEndpoints
{
    public const int MaxCodeLength = 512;

    /// <summary>The route table: sign-in by code exchange (and the OAuth state the punch page round-trips), and the caller.</summary>
    public static void MapSessionApi(this ApiGroups groups, bool devLogin)
    {
        var sessions = groups.Public.MapGroup("/api/sessions");
        sessions.MapPost("/miniprogram", SignInWithMiniProgramAsync).WithSummary("Sign in with a WeCom mini-program login code.").WithSessionAnswers();
        sessions.MapPost("/oauth", SignInWithOAuthAsync).WithSummary("Sign in with a WeCom OAuth code.").WithSessionAnswers();
        sessions.MapGet("/oauth/start", StartOAuth).WithSummary("Start WeCom OAuth (mode=wecom, in WeCom's client) or web login (mode=web, 扫码登录): the URL with a signed state.")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        sessions.MapPost("/oauth/state", CheckOAuthState).WithSummary("Check the OAuth state WeCom's redirect brought back.");
        // Not even mapped unless enabled, so a production host answers exactly as for an unknown route.
        if (devLogin)
        {
            sessions.MapPost("/dev", DevLoginAsync).WithSummary("Development sign-in as any employee, from loopback (Security:DevLogin).")
                .DescribesBody<DevLoginRequest>(optional: false, "application/json")
                .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        }

        groups.Me.MapGet("", GetMe).WithSummary("The signed-in employee.");
    }

    // jscode2session names the member's corp: a mini-program can be opened from another corp, whose userids are not ours.
    public static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInWithMiniProgramAsync(JsonBody<CodeRequest> body, HttpContext http,
        CancellationToken ct) =>
        ExchangeAsync(http, body.Value.Code, async (client, code) =>
        {
            var answer = await client.ExecuteCgiBinMiniProgramJsCode2SessionAsync(code, ct);
            return new LoginIdentity(answer.UserId, answer.CorpId, CorpKnown: true);
        }, ct);

    // getuserinfo runs on our corp's token, so a userid it answers is one of ours.
    public static Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInWithOAuthAsync(JsonBody<CodeRequest> body, HttpContext http,
        CancellationToken ct) =>
        ExchangeAsync(http, body.Value.Code, async (client, code) =>
            new LoginIdentity((await client.ExecuteCgiBinAuthGetUserInfoAsync(code, ct)).UserId, null, CorpKnown: false), ct);

    /// <param name="mode"><c>wecom</c> (the default): OAuth inside WeCom's client; <c>web</c>: WeCom's web login
    /// (扫码登录) for an ordinary browser, offered by the HR console.</param>
    public static Results<Ok<OAuthStartResponse>, ProblemHttpResult> StartOAuth(string? redirectUri, string? mode, HttpContext http, WeComSettings wecom,
        OAuthState states, IOptionsMonitor<PunchPageOptions> page)
    {
        var web = (mode ?? "wecom") switch
        {
            "wecom" => false,
            "web" => true,
            _ => throw InputException.Invalid("mode", "must be wecom (inside WeCom's client) or web (扫码登录 in an ordinary browser)"),
        };
        var options = wecom.Value;
        if (options.ValidateApi().Count > 0 || string.IsNullOrWhiteSpace(options.AgentId))
        {
            return PunchPageEndpoints.WeComNotConfigured();
        }

        var redirect = PunchPageEndpoints.PageUrl(redirectUri, "redirectUri", PunchPageEndpoints.Bases(http, page.CurrentValue), console: true);
        var (state, expiresAt) = states.Issue();
        var url = web
            ? $"{PunchPageEndpoints.WebLoginBase}?login_type=CorpApp&appid={Uri.EscapeDataString(options.CorpId)}&agentid={Uri.EscapeDataString(options.AgentId)}" +
              $"&redirect_uri={Uri.EscapeDataString(redirect)}&state={state}"
            : $"{PunchPageEndpoints.AuthorizeBase}?appid={Uri.EscapeDataString(options.CorpId)}&redirect_uri={Uri.EscapeDataString(redirect)}" +
              $"&response_type=code&scope=snsapi_base&state={state}&agentid={Uri.EscapeDataString(options.AgentId)}#wechat_redirect";
        return TypedResults.Ok(new OAuthStartResponse(url, state, expiresAt));
    }

    public static Results<NoContent, ProblemHttpResult> CheckOAuthState(JsonBody<OAuthStateRequest> body, OAuthState states, ILoggerFactory logs)
    {
        if (states.Check(body.Value.State) is { } reason)
        {
            logs.CreateLogger(typeof(SessionEndpoints)).LogInformation("OAuth state refused: {Reason}", reason);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The OAuth state is invalid or expired.",
                detail: "登录请求已过期或无效，请重新进入应用");
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<SessionResponse>, NotFound, ProblemHttpResult>> DevLoginAsync(HttpContext http,
        IOptionsMonitor<SecurityOptions> security, CancellationToken ct)
    {
        // Checked before the body is read, so a refused caller cannot tell this route from a missing one.
        if (!security.CurrentValue.DevLogin || http.Connection.RemoteIpAddress is not { } ip || !IPAddress.IsLoopback(ip))
        {
            return TypedResults.NotFound();
        }

        var body = await JsonBody<DevLoginRequest>.BindAsync(http);
        var userId = body!.Value.UserId;
        if (string.IsNullOrEmpty(userId) || !Rules.Common.Identifiers.IsUserId(userId))
        {
            throw InputException.Invalid("userId", Rules.Common.Identifiers.UserIdRule);
        }

        return await RefusalAsync(http, userId, ct) is { } refusal ? refusal : Issue(http, userId);
    }

    public static Ok<MeResponse> GetMe(HttpContext http)
    {
        // The group's eligibility filter has re-read the employee for this request.
        var employee = SessionEligibilityFilter.EmployeeOf(http);
        return TypedResults.Ok(new MeResponse(employee.UserId, employee.Name, employee.DepartmentIds, employee.Roles));
    }

    /// <summary>What a code exchange answers besides a body error: the login's refusals.</summary>
    private static RouteHandlerBuilder WithSessionAnswers(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status502BadGateway)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> ExchangeAsync(HttpContext http, string? code, Func<WeComClient, string, Task<LoginIdentity>> exchange, CancellationToken ct)
    {
        ValidateCode(code);
        var settings = http.RequestServices.GetRequiredService<WeComSettings>().Value;
        if (settings.ValidateApi().Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "WeCom is not configured on this host.", detail: "企业微信尚未配置，暂时无法登录");
        }

        LoginIdentity identity;
        try
        {
            // Resolved only now: with WeCom unconfigured the client's validated options would throw.
            identity = await exchange(http.RequestServices.GetRequiredService<WeComClient>(), code!);
        }
        catch (WeComInvalidCodeException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "The login code is invalid or expired.", detail: "登录码无效或已过期，请重新进入应用获取");
        }
        catch (Exception e) when (e is WeComException or HttpRequestException)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionEndpoints))
                .LogWarning(e, "WeCom login exchange failed");
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway,
                title: "WeCom could not be reached for the login.", detail: "企业微信暂时无法验证登录，请稍后重试");
        }

        if (identity.CorpKnown && !string.Equals(identity.CorpId, settings.CorpId, StringComparison.Ordinal))
        {
            // Neither the code nor the session_key is logged: both would let a reader act as the member.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionEndpoints))
                .LogWarning("Mini-program login refused: jscode2session answered corp {AnsweredCorpId}, not ours", identity.CorpId ?? "(none)");
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "The login code belongs to another corp.", detail: "该登录码不属于本企业，请在本企业的企业微信中打开小程序");
        }

        var userId = identity.UserId;
        if (string.IsNullOrEmpty(userId))
        {
            // getuserinfo answers only an openid for people outside the corp.
            return SessionEligibility.Forbidden("Only members of the corp may sign in.", "仅限企业成员使用");
        }

        return await IssueAsync(http, userId, ct);
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> IssueAsync(HttpContext http, string userId, CancellationToken ct) =>
        await RefusalAsync(http, userId, ct) is { } refusal ? refusal : Issue(http, userId);

    /// <summary>Why this user may not have a session (403), or null when they may.</summary>
    private static async Task<ProblemHttpResult?> RefusalAsync(HttpContext http, string userId, CancellationToken ct) =>
        (await http.RequestServices.GetRequiredService<SessionEligibility>().CheckAsync(userId, ct)).Refusal;

    private static Ok<SessionResponse> Issue(HttpContext http, string userId)
    {
        var issued = http.RequestServices.GetRequiredService<SessionTokens>().Issue(userId);
        return TypedResults.Ok(new SessionResponse(issued.Token, issued.UserId, issued.ExpiresAt));
    }

    private static void ValidateCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            throw InputException.Invalid("code", "is required");
        }

        if (code.Length > MaxCodeLength)
        {
            throw InputException.Invalid("code", $"must be at most {MaxCodeLength} characters");
        }

        if (code.Any(char.IsControl))
        {
            throw InputException.Invalid("code", "must not contain control characters");
        }
    }
}

public sealed record CodeRequest(string? Code);

/// <summary>Who WeCom says the code belongs to; <paramref name="CorpKnown"/> when the answer names the corp.</summary>
internal sealed record LoginIdentity(string? UserId, string? CorpId, bool CorpKnown);

public sealed record DevLoginRequest(string? UserId);

public sealed record SessionResponse(string Token, string UserId, DateTimeOffset ExpiresAt);

public sealed record MeResponse(string UserId, string Name, IReadOnlyList<long> DepartmentIds, IReadOnlyList<Role> Roles);
