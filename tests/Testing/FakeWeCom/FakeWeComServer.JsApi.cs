using System.Collections.Concurrent;
using Attendance.WeCom.Client;
using Microsoft.AspNetCore.Http;

namespace Attendance.Testing.FakeWeCom;

public sealed partial class FakeWeComServer
{
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
        if (agent && context.Request.Query["type"].ToString() != "agent_config")
        {
            await Error(context, 40004, "invalid type");
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
}
