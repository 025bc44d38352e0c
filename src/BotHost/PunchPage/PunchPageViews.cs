using System.Text.Json.Serialization;

namespace Attendance.BotHost.PunchPage;

/// <summary>What the page may offer: dev login (loopback callers of a host with it on), WeCom OAuth, the JS-SDK.</summary>
public sealed record PunchPageConfig(bool DevLogin, [property: JsonPropertyName("oauth")] bool OAuth, bool JsApi, string? CorpId, string? AgentId);

public sealed record OAuthStartResponse(string Url, string State, DateTimeOffset ExpiresAt);

public sealed record OAuthStateRequest(string? State);

public sealed record JsApiSignatureView(long Timestamp, string NonceStr, string Signature);

/// <summary>wx.config's signature at the top level (corp ticket) and wx.agentConfig's (app ticket) beside it.</summary>
public sealed record JsApiConfigResponse(string CorpId, string AgentId, long Timestamp, string NonceStr, string Signature,
    JsApiSignatureView AgentConfig);
