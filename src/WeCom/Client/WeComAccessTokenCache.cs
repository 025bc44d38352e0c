using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Attendance.WeCom.Client;

/// <summary>One access token per app (corp + secret), shared by every client instance of that app.</summary>
public sealed class WeComAccessTokenCache(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Cache key that identifies the app without keeping the secret readable in dumps or logs.</summary>
    public static string AppKey(string corpId, string secret) =>
        corpId + ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..16];

    /// <summary>The cached token, or a fresh one fetched by a single caller while the others wait.</summary>
    public async Task<string> GetAsync(string appKey, TimeSpan refreshMargin, Func<CancellationToken, Task<(string Token, TimeSpan Lifetime)>> fetch, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(appKey, _ => new Entry());
        if (entry.TryGet(timeProvider.GetUtcNow()) is { } cached)
            return cached;

        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.TryGet(timeProvider.GetUtcNow()) is { } refreshed)
                return refreshed;
            var (token, lifetime) = await fetch(cancellationToken);
            // Short-lived tokens (tests, early revocation) would otherwise never be reused at all.
            var margin = refreshMargin < lifetime / 2 ? refreshMargin : lifetime / 2;
            entry.Set(token, timeProvider.GetUtcNow() + lifetime - margin);
            return token;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    /// <summary>Drops <paramref name="token"/> if still cached, leaving a newer token fetched meanwhile alone.</summary>
    public void Invalidate(string appKey, string token)
    {
        if (_entries.TryGetValue(appKey, out var entry))
            entry.Clear(token);
    }

    private sealed class Entry
    {
        private readonly Lock _lock = new();
        private string? _token;
        private DateTimeOffset _refreshAt;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public string? TryGet(DateTimeOffset now)
        {
            lock (_lock)
                return _token is not null && now < _refreshAt ? _token : null;
        }

        public void Set(string token, DateTimeOffset refreshAt)
        {
            lock (_lock)
            {
                _token = token;
                _refreshAt = refreshAt;
            }
        }

        public void Clear(string token)
        {
            lock (_lock)
            {
                if (_token == token)
                    _token = null;
            }
        }
    }
}
