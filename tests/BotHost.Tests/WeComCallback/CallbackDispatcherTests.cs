using System.Collections.Concurrent;
using Attendance.BotHost.WeComCallback;
using Attendance.WeCom.Callback;
using Microsoft.Extensions.Logging.Abstractions;

namespace Attendance.BotHost.Tests.WeComCallback;

/// <summary>The real dispatcher with a recording handler: one person's slow command holds up only their own lane.</summary>
public sealed class CallbackDispatcherTests
{
    [Fact]
    public async Task A_slow_command_does_not_hold_up_other_senders_and_each_senders_order_is_kept()
    {
        var slowUser = "slow-hr";
        var fastUser = Enumerable.Range(0, 100).Select(i => $"user{i}").First(u => CallbackDispatcher.LaneOf(u) != CallbackDispatcher.LaneOf(slowUser));
        var handler = new RecordingHandler(slowUser);
        var queue = new CallbackQueue();
        using var dispatcher = new CallbackDispatcher(queue, [handler], NullLogger<CallbackDispatcher>.Instance);
        await dispatcher.StartAsync(TestContext.Current.CancellationToken);

        queue.TryEnqueue(Text(slowUser, "1")).Should().BeTrue();
        queue.TryEnqueue(Text(slowUser, "2")).Should().BeTrue();
        queue.TryEnqueue(Text(fastUser, "a")).Should().BeTrue();
        // The slow sender's first command must have begun (its lane may start later than the fast one on a busy
        // machine), the fast sender be served meanwhile, and the slow sender's second wait behind its first.
        await handler.Began(slowUser, "1").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await handler.Handled(fastUser, "a").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        handler.Started(slowUser).Should().Equal(["1"]);

        handler.Release();
        await handler.Handled(slowUser, "2").Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        handler.Started(slowUser).Should().Equal(["1", "2"]);
        await dispatcher.StopAsync(TestContext.Current.CancellationToken);
    }

    private static WeComCallbackMessage Text(string from, string content) => WeComCallbackMessage.Parse(
        $"<xml><ToUserName>corp</ToUserName><FromUserName>{from}</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>{content}</Content><MsgId>{from}{content}</MsgId></xml>");

    private sealed class RecordingHandler(string slowUser) : ICallbackHandler
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _handled = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _started = new();

        public string MsgType => "text";

        public string? Event => null;

        public async Task HandleAsync(WeComCallbackMessage message, CancellationToken cancellationToken)
        {
            var from = message.FromUserName!;
            _started.GetOrAdd(from, _ => new()).Enqueue(message.Content!);
            Began(from, message.Content!).TrySetResult();
            if (from == slowUser)
            {
                await _release.Task.WaitAsync(cancellationToken);
            }

            Handled(from, message.Content!).TrySetResult();
        }

        public void Release() => _release.TrySetResult();

        public TaskCompletionSource Began(string from, string content) =>
            _handled.GetOrAdd("began:" + from + "/" + content, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        public TaskCompletionSource Handled(string from, string content) => _handled.GetOrAdd(from + "/" + content, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));

        public string[] Started(string from) => [.. _started.GetOrAdd(from, _ => new())];
    }
}
