using System.Threading.Channels;
using Attendance.WeCom.Callback;

namespace Attendance.BotHost.WeComCallback;

/// <summary>
/// Runs the handler registered for each queued callback; a failing handler never stops the others. Callbacks run in
/// <see cref="Lanes"/> lanes chosen by sender, so one person's messages keep their order while a slow command (HR's
/// anomalies for everyone over two months, an export) does not hold up everybody else's replies.
/// </summary>
public sealed class CallbackDispatcher(CallbackQueue queue, IEnumerable<ICallbackHandler> handlers, ILogger<CallbackDispatcher> logger)
    : BackgroundService
{
    public const int Lanes = 4;

    private readonly Dictionary<(string, string?), ICallbackHandler> _handlers =
        handlers.ToDictionary(h => (h.MsgType, h.Event));

    public static int LaneOf(string? sender) => sender is null ? 0 : (int)((uint)StringComparer.Ordinal.GetHashCode(sender) % Lanes);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var lanes = Enumerable.Range(0, Lanes)
            .Select(_ => Channel.CreateBounded<WeComCallbackMessage>(new BoundedChannelOptions(CallbackQueue.Capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = true,
            }))
            .ToArray();
        var workers = lanes.Select(lane => RunLaneAsync(lane.Reader, stoppingToken)).ToArray();
        try
        {
            await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await lanes[LaneOf(message.FromUserName)].Writer.WriteAsync(message, stoppingToken);
            }
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Writer.TryComplete();
            }

            await Task.WhenAll(workers);
        }
    }

    private async Task RunLaneAsync(ChannelReader<WeComCallbackMessage> lane, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in lane.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await DispatchAsync(message, stoppingToken);
                }
                finally
                {
                    queue.Finished();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: callbacks still queued are lost with the process, as before; WeCom does not resend them.
        }
    }

    private async Task DispatchAsync(WeComCallbackMessage message, CancellationToken stoppingToken)
    {
        var key = (message.MsgType ?? "", message.IsEvent ? message.Event : null);
        if (!_handlers.TryGetValue(key, out var handler))
        {
            logger.LogInformation("No handler for WeCom callback {MsgType}/{Event}", message.MsgType, message.Event);
            return;
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
