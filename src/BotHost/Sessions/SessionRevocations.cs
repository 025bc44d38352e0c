using Attendance.Data.Repositories;
using Microsoft.Extensions.Caching.Memory;

namespace Attendance.BotHost.Sessions;

/// <summary>
/// The "tokens valid after" check of every session-authenticated request. The stamp is cached like the punch path's
/// employee (<see cref="SessionEligibility.PunchCacheTime"/>): an entry read before any employee change or revocation
/// committed through this host is not used, so a revocation or deactivation here takes effect at once; one made on
/// another host within that time.
/// </summary>
public sealed class SessionRevocations(SessionRevocationRepository revocations, EmployeeRepository employees, IMemoryCache cache)
{
    /// <summary>The check unchanged, or <see cref="SessionFailure.Revoked"/> when the token was issued at or before the stamp.</summary>
    public async Task<SessionCheck> ApplyAsync(SessionCheck check, CancellationToken cancellationToken)
    {
        if (!check.IsValid)
        {
            return check;
        }

        var key = ("session-valid-after", check.UserId!);
        var version = revocations.LocalChanges + employees.LocalChanges;
        if (!cache.TryGetValue(key, out CachedStamp? cached) || cached!.Version != version)
        {
            cached = new CachedStamp(await revocations.GetAsync(check.UserId!, cancellationToken), version);
            cache.Set(key, cached, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = SessionEligibility.PunchCacheTime, Size = 1 });
        }

        // The user stays on a revoked check, so the refusal can say why when the employee is no longer eligible.
        return cached.ValidAfter is { } after && check.IssuedAt <= after ? check with { Failure = SessionFailure.Revoked } : check;
    }

    /// <summary>
    /// The answer to a revoked token: the eligibility refusal (403, saying the account is inactive or gone) when the
    /// revocation came with a deactivation or departure, else 401 asking to sign in again.
    /// </summary>
    public static async Task<IResult> RefuseAsync(HttpContext http, SessionCheck check, SessionEligibility eligibility)
    {
        if (check.Failure == SessionFailure.Revoked && check.UserId is { } userId
            && (await eligibility.CheckAsync(userId, http.RequestAborted)).Refusal is { } refusal)
        {
            return refusal;
        }

        return SessionAuthentication.Unauthorized(http, check);
    }

    /// <summary>Drops the cached stamp (for changes that bypass the repositories, e.g. erasure).</summary>
    public void Forget(string userId) => cache.Remove(("session-valid-after", userId));

    private sealed record CachedStamp(DateTimeOffset? ValidAfter, long Version);
}
