using Attendance.Data.Repositories;
using Attendance.Rules.Geo;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Punching;

/// <summary>
/// The site index, built once and shared by every punch. Rebuilt at once after a change through this host, and when
/// the table's fingerprint moved (another host changed a site), checked at most every
/// <see cref="PunchingOptions.SiteRefreshSeconds"/>. One request refreshes; the others keep using the current index.
/// </summary>
public sealed class SiteIndexCache(SiteRepository sites, TimeProvider time, IOptions<PunchingOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(options.Value.SiteRefreshSeconds);
    private volatile State? _state;

    public async ValueTask<SiteIndex> GetAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        var now = time.GetUtcNow();
        if (state is not null && state.LocalChanges == sites.LocalChanges && now - state.CheckedAt < _interval)
        {
            return state.Index;
        }

        if (state is not null && state.LocalChanges == sites.LocalChanges && !await _refresh.WaitAsync(0, cancellationToken))
        {
            return state.Index;
        }

        if (state is null || state.LocalChanges != sites.LocalChanges)
        {
            await _refresh.WaitAsync(cancellationToken);
        }

        try
        {
            state = _state;
            var local = sites.LocalChanges;
            var version = await sites.VersionAsync(cancellationToken);
            if (state is null || state.LocalChanges != local || state.Version != version)
            {
                _state = new State(SiteIndex.Build(await sites.ListAsync(cancellationToken)), version, local, now);
            }
            else
            {
                _state = state with { CheckedAt = now };
            }

            return _state.Index;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose() => _refresh.Dispose();

    private sealed record State(SiteIndex Index, SiteTableVersion Version, long LocalChanges, DateTimeOffset CheckedAt);
}
