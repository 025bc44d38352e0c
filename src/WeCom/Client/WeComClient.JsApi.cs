using Attendance.WeCom.Models;
using Flurl.Http;
using Microsoft.Extensions.Logging;

namespace Attendance.WeCom.Client;

/// <summary>Paths of the JS-SDK ticket APIs (kept beside their calls).</summary>
public static class JsApiApis
{
    public const string GetJsApiTicket = "/cgi-bin/get_jsapi_ticket";
    public const string TicketGet = "/cgi-bin/ticket/get";
}

/// <summary>Which of the two JS-SDK tickets: the corp's (wx.config) or the app's (wx.agentConfig).</summary>
public enum JsApiTicketKind
{
    Corp,
    Agent,
}

public sealed partial class WeComClient
{
    /// <summary>Raw get_jsapi_ticket; callers normally use <see cref="GetJsApiTicketAsync"/>, which caches.</summary>
    public Task<CgiBinJsApiTicketResponse> ExecuteCgiBinGetJsApiTicketAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync<CgiBinJsApiTicketResponse>(JsApiApis.GetJsApiTicket, _ => { }, cancellationToken);

    /// <summary>Raw ticket/get?type=agent_config; callers normally use <see cref="GetJsApiTicketAsync"/>, which caches.</summary>
    public Task<CgiBinJsApiTicketResponse> ExecuteCgiBinTicketGetAgentConfigAsync(CancellationToken cancellationToken = default) =>
        GetJsonAsync<CgiBinJsApiTicketResponse>(JsApiApis.TicketGet, r => r.SetQueryParam("type", "agent_config"), cancellationToken);

    /// <summary>
    /// The ticket, from cache while fresh. WeCom allows 400 fetches an hour per corp (100 per app), so the tickets are
    /// cached like the access token (same cache, one fetcher at a time, refreshed before expiry), under their own keys.
    /// </summary>
    public Task<string> GetJsApiTicketAsync(JsApiTicketKind kind, CancellationToken cancellationToken = default) =>
        _tokens.GetAsync(_appKey + (kind == JsApiTicketKind.Corp ? "|jsapi" : "|agent_config"), _options.TokenRefreshMargin,
            ct => FetchTicketAsync(kind, ct), cancellationToken);

    private async Task<(string Token, TimeSpan Lifetime)> FetchTicketAsync(JsApiTicketKind kind, CancellationToken cancellationToken)
    {
        var response = kind == JsApiTicketKind.Corp
            ? await ExecuteCgiBinGetJsApiTicketAsync(cancellationToken)
            : await ExecuteCgiBinTicketGetAgentConfigAsync(cancellationToken);
        var api = kind == JsApiTicketKind.Corp ? JsApiApis.GetJsApiTicket : JsApiApis.TicketGet;
        if (string.IsNullOrEmpty(response.Ticket))
            throw new WeComException(api, response.ErrorCode, response.ErrorMessage ?? "", "WeCom answered no ticket");
        var lifetime = TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 7200);
        _logger.LogInformation("WeCom {Kind} JS-SDK ticket refreshed for corp {CorpId}, valid {Seconds} s", kind, _options.CorpId, (int)lifetime.TotalSeconds);
        return (response.Ticket, lifetime);
    }
}
