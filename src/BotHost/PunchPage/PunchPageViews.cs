using System.Text.Json.Serialization;
using Attendance.BotHost.Punching;

namespace Attendance.BotHost.PunchPage;

/// <summary>What the page may offer: dev login (loopback callers of a host with it on), WeCom OAuth, the JS-SDK.</summary>
public sealed record PunchPageConfig(bool DevLogin, [property: JsonPropertyName("oauth")] bool OAuth, bool JsApi, string? CorpId, string? AgentId);

public sealed record OAuthStartResponse(string Url, string State, DateTimeOffset ExpiresAt);

public sealed record OAuthStateRequest(string? State);

public sealed record JsApiSignatureView(long Timestamp, string NonceStr, string Signature);

/// <summary>wx.config's signature at the top level (corp ticket) and wx.agentConfig's (app ticket) beside it.</summary>
public sealed record JsApiConfigResponse(string CorpId, string AgentId, long Timestamp, string NonceStr, string Signature,
    JsApiSignatureView AgentConfig);

public sealed record ShiftSegmentView(string Start, string End);

public sealed record TodayShiftView(string Id, string Name, IReadOnlyList<ShiftSegmentView> Segments, string CheckInOpens, string CheckOutCloses);

public sealed record TodaySiteView(string Id, string Name, bool RequirePhoto, bool RequireFace);

/// <summary><c>GET /api/me/today</c>: the work date's plan from the roster and calendar, and the punches so far.</summary>
public sealed record TodayResponse(
    DateOnly Date,
    DateTimeOffset Now,
    string UserId,
    string Name,
    string DayKind,
    string? CalendarName,
    TodayShiftView? Shift,
    IReadOnlyList<PunchResponse> Punches,
    IReadOnlyList<TodaySiteView> Sites,
    bool PhotoRequired);

/// <summary><c>GET /api/me/site-check</c>: the site a fix (or a Wi-Fi BSSID) belongs to, as the scorer would pick it.</summary>
public sealed record SiteCheckResponse(string? SiteId, string? SiteName, string? Status, int? DistanceMeters, bool WifiMatched,
    bool RequirePhoto, bool RequireFace);
