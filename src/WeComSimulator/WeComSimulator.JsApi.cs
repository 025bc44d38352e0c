using System.Collections.Concurrent;
using Attendance.WeCom;
using Attendance.WeCom.Client;
using Microsoft.AspNetCore.Http;

namespace Attendance.WeCom.Simulator;

public sealed partial class WeComSimulator
{
    // 90454 (访问频率限制): "获取jsapi_ticket频率：一小时内，一个企业最多可获取400次，且单个应用不能超过100次". The simulator is one
    // app, so both of its tickets share the 100, counted over a sliding hour.
    private const int TicketsPerHour = 100;

    private readonly ConcurrentQueue<string> _issuedTickets = new();
    private int _ticketSerial;

    // Lifetime of newly issued JS-SDK tickets (expires_in).
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The corp ticket (get_jsapi_ticket) most recently issued, or null.</summary>
    public string? CurrentJsApiTicket { get; private set; }

    /// <summary>The app ticket (ticket/get?type=agent_config) most recently issued, or null.</summary>
    public string? CurrentAgentConfigTicket { get; private set; }

    public IReadOnlyCollection<string> IssuedTickets => [.. _issuedTickets];

    private async Task JsApiTicketAsync(HttpContext context, string api)
    {
        var agent = api == JsApiApis.TicketGet;
        // 96909 (JS-SDK 签名算法, 获取应用 jsapi_ticket): ticket/get takes type=agent_config; 90313: 40058 不合法的参数.
        if (agent && context.Request.Query["type"].ToString() != "agent_config")
        {
            await Error(context, InvalidParameter, "invalid type");
            return;
        }

        if (!TakeTicketFetch())
        {
            await Error(context, WeComErrorCodes.FrequencyLimited, "api freq out of limit");
            return;
        }

        var ticket = $"fake-{(agent ? "agent" : "jsapi")}-ticket-{Interlocked.Increment(ref _ticketSerial)}-{Guid.NewGuid():N}";
        if (agent)
            CurrentAgentConfigTicket = ticket;
        else
            CurrentJsApiTicket = ticket;
        _issuedTickets.Enqueue(ticket);
        await Ok(context, new { ticket, expires_in = (int)TicketLifetime.TotalSeconds });
    }

    private bool TakeTicketFetch() => Take("jsapi-tickets", TicketsPerHour, TimeSpan.FromHours(1));
}
