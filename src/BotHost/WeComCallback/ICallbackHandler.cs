using Attendance.WeCom.Callback;

namespace Attendance.BotHost.WeComCallback;

/// <summary>Handles callbacks of one MsgType (and, for events, one Event).</summary>
public interface ICallbackHandler
{
    string MsgType { get; }

    /// <summary>For MsgType "event": the Event this handler takes; null otherwise.</summary>
    string? Event { get; }

    Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken);
}
