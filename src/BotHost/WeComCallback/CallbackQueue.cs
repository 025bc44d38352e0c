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

    private int _unfinished;

    /// <summary>
    /// Callbacks accepted and not yet handled (queued, or in a handler). Tests wait for zero before they count what the
    /// handlers did, so a duplicate still in the queue cannot pass unseen.
    /// </summary>
    public int Unfinished => Volatile.Read(ref _unfinished);

    public bool TryEnqueue(WeComCallbackMessage message)
    {
        Interlocked.Increment(ref _unfinished);
        if (_channel.Writer.TryWrite(message))
        {
            return true;
        }

        Interlocked.Decrement(ref _unfinished);
        return false;
    }

    /// <summary>The dispatcher is done with one accepted callback, handled or not.</summary>
    internal void Finished() => Interlocked.Decrement(ref _unfinished);

    public ChannelReader<WeComCallbackMessage> Reader => _channel.Reader;
}
