using System.Text.Json.Serialization;

namespace Attendance.WeCom.Models;

/// <summary>GET /cgi-bin/get_jsapi_ticket (the corp's ticket, for wx.config) and GET /cgi-bin/ticket/get?type=agent_config
/// (the app's ticket, for wx.agentConfig): the same answer shape.</summary>
public sealed class CgiBinJsApiTicketResponse : WeComResponse
{
    [JsonPropertyName("ticket")]
    public string? Ticket { get; set; }

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }
}
