using System.Threading.Channels;
using Attendance.WeCom.Callback;

namespace Attendance.BotHost.WeComCallback;

/// <summary>
/// Accepted callbacks wait here so the endpoint can answer WeCom within its 5 s deadline; a background dispatcher
/// runs the handlers.
/// </summary>
public sealed class CallbackQueue
{
    public const int Capacity = 10_000;

    private readonly Channel<WeComCallbackMessage> _channel = Channel.CreateBounded<WeComCallbackMessage>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    public bool TryEnqueue(WeComCallbackMessage message) => _channel.Writer.TryWrite(message);

    public ChannelReader<WeComCallbackMessage> Reader => _channel.Reader;
}
