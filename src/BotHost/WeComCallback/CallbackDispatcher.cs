using Attendance.WeCom.Callback;

namespace Attendance.BotHost.WeComCallback;

/// <summary>Runs the handler registered for each queued callback; a failing handler never stops the others.</summary>
public sealed class CallbackDispatcher(CallbackQueue queue, IEnumerable<ICallbackHandler> handlers, ILogger<CallbackDispatcher> logger)
    : BackgroundService
{
    private readonly Dictionary<(string, string?), ICallbackHandler> _handlers =
        handlers.ToDictionary(h => (h.MsgType, h.Event));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            var key = (message.MsgType ?? "", message.IsEvent ? message.Event : null);
            if (!_handlers.TryGetValue(key, out var handler))
            {
                logger.LogInformation("No handler for WeCom callback {MsgType}/{Event}", message.MsgType, message.Event);
                continue;
            }

            try
            {
                await handler.HandleAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "WeCom callback handler {Handler} failed for {MsgType}/{Event}", handler.GetType().Name, message.MsgType, message.Event);
            }
        }
    }
}
