using System.Collections.Concurrent;

namespace Attendance.WeCom.Client;

/// <summary>APIs WeCom told us to stop calling (45009), and until when.</summary>
public sealed class WeComApiPauses(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);

    public void Pause(string api, TimeSpan window) => _until[api] = timeProvider.GetUtcNow() + window;

    /// <summary>Time left on the pause of <paramref name="api"/>, or null when calls may go out.</summary>
    public TimeSpan? Remaining(string api)
    {
        if (!_until.TryGetValue(api, out var until))
            return null;
        var left = until - timeProvider.GetUtcNow();
        if (left > TimeSpan.Zero)
            return left;
        _until.TryRemove(KeyValuePair.Create(api, until));
        return null;
    }
}
