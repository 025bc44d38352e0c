using System.Net;
using System.Security.Cryptography;
using Attendance.BotHost.Configuration;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Sessions;
using Attendance.BotHost.WeComCallback;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.PunchPage;

/// <summary>
/// The punch page (<c>/punch</c>), the review page (<c>/punch/review</c>), their files, and what they need besides the
/// punch API: the page's configuration and the JS-SDK signatures. Sign-in (WeCom OAuth) is the sessions' API; today's
/// plan and the site check are punching's.
/// </summary>
public static class PunchPageEndpoints
{
    public const string AuthorizeBase = "https://open.weixin.qq.com/connect/oauth2/authorize";

    /// <summary>
    /// WeCom's web login (扫码登录) for an ordinary browser: "构造企业微信登录链接",
    /// https://developer.work.weixin.qq.com/document/path/98152 (login_type=CorpApp for a self-built app; appid is the
    /// CorpID). The code it brings back is exchanged by auth/getuserinfo like an OAuth code (document/path/98176).
    /// </summary>
    public const string WebLoginBase = "https://login.work.weixin.qq.com/wwlogin/sso/login";
    public const int MaxUrlLength = 1024;

    /// <summary>The route table: the pages and their files, and what the page asks the host before it punches.</summary>
    public static void MapPunchPageApi(this ApiGroups groups)
    {
        var app = groups.Public;
        app.MapGet("/punch", ServePunchPage).WithSummary("The punch page (HTML).")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").Produces(StatusCodes.Status304NotModified);
        app.MapGet("/punch/review", ServeReviewPage).WithSummary("The review page (HTML).")
            .Produces(StatusCodes.Status200OK, contentType: "text/html").Produces(StatusCodes.Status304NotModified);
        app.MapGet("/punch/{*path}", ServeFile).WithSummary("A file of the punch page (HTML, CSS, JavaScript, images, manifest).")
            .Produces(StatusCodes.Status200OK, null, "text/html", "text/css", "text/javascript", "image/svg+xml", "image/png", "application/json", "text/plain", "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified);
        app.MapGet("/api/punch-page/config", GetConfig).WithSummary("What the punch page may offer on this host (dev login, WeCom OAuth, JS-SDK).");
        app.MapGet("/api/punch-page/jsapi-config", GetJsApiConfigAsync).AddEndpointFilter<SessionAuthentication>().WithMetadata(ApiAuth.Session)
            .WithSummary("JS-SDK signatures (corp and agent) for one page URL.")
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    public static IResult ServePunchPage(HttpContext http, PunchPageFiles files) => files.Serve(http, "index.html");

    public static IResult ServeReviewPage(HttpContext http, PunchPageFiles files) => files.Serve(http, "review.html");

    public static IResult ServeFile(string? path, HttpContext http, PunchPageFiles files) =>
        files.Serve(http, string.IsNullOrEmpty(path) ? "index.html" : path);

    public static Ok<PunchPageConfig> GetConfig(HttpContext http, WeComSettings wecom, IOptionsMonitor<SecurityOptions> security)
    {
        var options = wecom.Value;
        var api = options.ValidateApi().Count == 0;
        // WeCom's OAuth and JS-SDK run on Tencent's pages and in its client, which the demo's simulator cannot stand in for.
        var simulated = http.RequestServices.GetService<Demo.DemoWeCom>() is not null;
        var agent = api && !simulated && !string.IsNullOrWhiteSpace(options.AgentId);
        var loopback = http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
        return TypedResults.Ok(new PunchPageConfig(security.CurrentValue.DevLogin && loopback, agent, agent,
            api ? options.CorpId : null, agent ? options.AgentId : null));
    }

    public static async Task<Results<Ok<JsApiConfigResponse>, ProblemHttpResult>> GetJsApiConfigAsync(string? url, WeComSettings wecom,
        HttpContext http, TimeProvider time, ILoggerFactory logs, IOptionsMonitor<PunchPageOptions> pageOptions, CancellationToken ct)
    {
        var options = wecom.Value;
        if (options.ValidateApi().Count > 0 || string.IsNullOrWhiteSpace(options.AgentId))
        {
            return WeComNotConfigured();
        }

        var page = PageUrl(url, "url", Bases(http, pageOptions.CurrentValue));
        string corpTicket, agentTicket;
        try
        {
            var client = http.RequestServices.GetRequiredService<WeComClient>();
            corpTicket = await client.GetJsApiTicketAsync(JsApiTicketKind.Corp, ct);
            agentTicket = await client.GetJsApiTicketAsync(JsApiTicketKind.Agent, ct);
        }
        catch (Exception e) when (e is WeComException or HttpRequestException)
        {
            logs.CreateLogger(typeof(PunchPageEndpoints)).LogWarning(e, "JS-SDK ticket could not be fetched");
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "WeCom could not be reached for the JS-SDK ticket.",
                detail: "企业微信暂时无法完成定位授权，请稍后重试");
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var agentNonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return TypedResults.Ok(new JsApiConfigResponse(options.CorpId, options.AgentId, timestamp, nonce,
            JsApiSignature.Sign(corpTicket, nonce, timestamp, page),
            new JsApiSignatureView(timestamp, agentNonce, JsApiSignature.Sign(agentTicket, agentNonce, timestamp, page))));
    }

    /// <summary>
    /// An absolute http(s) URL of one of the app's pages (the punch page, the review page) under one of
    /// <paramref name="bases"/>: neither the redirect nor a signature is handed out for any other page or host.
    /// The fragment is not part of what is signed.
    /// </summary>
    /// <param name="console">Whether the HR console (<c>/admin</c>) is one of the pages: WeCom may send a sign-in back
    /// there, but the console never asks for a JS-SDK signature.</param>
    public static string PageUrl(string? text, string field, IReadOnlyList<Uri> bases, bool console = false)
    {
        if (string.IsNullOrEmpty(text) || text.Length > MaxUrlLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || !string.IsNullOrEmpty(uri.UserInfo)
            || !bases.Any(b => Under(uri, b, console)))
        {
            throw InputException.Invalid(field, console
                ? "must be the absolute http(s) URL of the punch page (/punch), the review page (/punch/review) or the HR console (/admin) under the service's public base URL"
                : "must be the absolute http(s) URL of the punch page (/punch) or the review page (/punch/review) under the service's public base URL");
        }

        var hash = text.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 ? text[..hash] : text;
    }

    /// <summary><c>PunchPage:PublicBaseUrls</c>, or when empty the origin (and path base) this request came to.</summary>
    public static IReadOnlyList<Uri> Bases(HttpContext http, PunchPageOptions options)
    {
        var configured = options.PublicBaseUrls.Select(PunchPageOptions.ParseBase).OfType<Uri>().ToList();
        if (configured.Count > 0)
        {
            return configured;
        }

        var own = PunchPageOptions.ParseBase($"{http.Request.Scheme}://{http.Request.Host.ToUriComponent()}{http.Request.PathBase.ToUriComponent()}/");
        return own is null ? [] : [own];
    }

    private static bool Under(Uri page, Uri root, bool console)
    {
        if (!string.Equals(page.Scheme, root.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(page.IdnHost, root.IdnHost, StringComparison.OrdinalIgnoreCase) || page.Port != root.Port)
        {
            return false;
        }

        var path = page.AbsolutePath;
        return path.StartsWith(root.AbsolutePath, StringComparison.Ordinal)
               && (path[root.AbsolutePath.Length..] is "punch" or "punch/" or "punch/review"
                   || (console && path[root.AbsolutePath.Length..] is "admin" or "admin/"));
    }

    /// <summary>The 503 of the WeCom-backed routes (this page's JS-SDK, the OAuth start) on a host without WeCom.</summary>
    internal static ProblemHttpResult WeComNotConfigured() => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
        title: "WeCom is not configured on this host.", detail: "企业微信尚未配置，暂时无法使用企业微信登录");
}
