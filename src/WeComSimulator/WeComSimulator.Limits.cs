using System.Collections.Concurrent;

namespace Attendance.WeCom.Simulator;

/// <summary>The frequency limits of 90312 (频率限制) and 99110, measured on <see cref="WeComSimulator.TimeProvider"/>.</summary>
public sealed partial class WeComSimulator
{
    private readonly ConcurrentDictionary<string, int> _minuteBudgets = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);
    private readonly List<SimulatedMessage> _dropped = [];
    private readonly List<(string Api, SimulatorRefusal Refusal)> _refusals = [];
    private readonly ConcurrentDictionary<string, byte> _taskIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _responseCodes = new(StringComparer.Ordinal);
    // Which card a response_code belongs to (kept after the code is spent), so a reader can show a card as updated.
    private readonly ConcurrentDictionary<string, string> _responseCodeTasks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _mediaUploadedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte>> _lostAnswers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TaskCompletionSource>> _heldAnswers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _sentBodies = new(StringComparer.Ordinal);
    private readonly List<string> _suppressed = [];
    private int _callsUntilTokenExpiry;

    /// <summary>99110: "每个机器人发送的消息不能超过20条/分钟".</summary>
    public int RobotMessagesPerMinute { get; set; } = 20;

    /// <summary>90312: "每应用对同一个成员不可超过30次/分钟 … 超过部分会被丢弃不下发" (dropped, not refused).</summary>
    public int MemberMessagesPerMinute { get; set; } = 30;

    /// <summary>App messages WeCom accepted but dropped for the per-member limit: the member never sees them.</summary>
    public IReadOnlyList<SimulatedMessage> DroppedMessages
    {
        get
        {
            lock (_lock)
                return [.. _dropped];
        }
    }

    /// <summary>Every request the simulator refused for breaking a documented rule, with the errcode it answered.</summary>
    public IReadOnlyList<(string Api, SimulatorRefusal Refusal)> Refusals
    {
        get
        {
            lock (_lock)
                return [.. _refusals];
        }
    }

    /// <summary>At most <paramref name="callsPerMinute"/> calls to <paramref name="api"/> a minute; more answer 45009.</summary>
    public void SetMinuteBudget(string api, int callsPerMinute) => _minuteBudgets[api] = callsPerMinute;

    /// <summary>The next <paramref name="times"/> calls to <paramref name="api"/> take effect, but their answer is lost.</summary>
    public void LoseAnswers(string api, int times = 1)
    {
        var queue = _lostAnswers.GetOrAdd(api, _ => new ConcurrentQueue<byte>());
        for (var i = 0; i < times; i++)
            queue.Enqueue(0);
    }

    /// <summary>
    /// The next call to <paramref name="api"/> takes effect, and its answer is held until the caller goes away (its
    /// process killed, its request cancelled): a crash between WeCom doing the work and the caller hearing of it. The
    /// task completes once the call has taken effect.
    /// </summary>
    public Task HoldNextAnswer(string api)
    {
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _heldAnswers.GetOrAdd(api, _ => new ConcurrentQueue<TaskCompletionSource>()).Enqueue(served);
        return served.Task;
    }

    /// <summary>The next <paramref name="calls"/> token-authenticated calls succeed; then every token expires (42001).</summary>
    public void ExpireTokensAfterCalls(int calls) => Interlocked.Exchange(ref _callsUntilTokenExpiry, calls + 1);

    private bool TakeMinuteBudget(string api) =>
        !_minuteBudgets.TryGetValue(api, out var budget) || Take("api:" + api, budget);

    private bool TakeRobotBudget(string key) => Take("robot:" + key, RobotMessagesPerMinute);

    /// <summary>Splits recipients into those who get the message and those over their per-minute count.</summary>
    private (string[] Delivered, string[] Dropped) ThrottleMembers(string[] recipients)
    {
        var delivered = new List<string>();
        var dropped = new List<string>();
        foreach (var user in recipients)
            (Take("member:" + user, MemberMessagesPerMinute) ? delivered : dropped).Add(user);
        return ([.. delivered], [.. dropped]);
    }

    /// <summary>One use of a rolling window (a minute unless <paramref name="span"/> says) holding at most <paramref name="limit"/> uses.</summary>
    private bool Take(string window, int limit, TimeSpan? span = null)
    {
        var length = span ?? TimeSpan.FromMinutes(1);
        var now = TimeProvider.GetUtcNow();
        lock (_lock)
        {
            if (!_windows.TryGetValue(window, out var uses))
                _windows[window] = uses = new Queue<DateTimeOffset>();
            while (uses.Count > 0 && now - uses.Peek() >= length)
                uses.Dequeue();
            if (uses.Count >= limit)
                return false;
            uses.Enqueue(now);
            return true;
        }
    }
}
