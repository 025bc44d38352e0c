using Attendance.BotHost.Configuration;
using Attendance.Data.Privacy;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Attendance.BotHost.Sessions;

/// <summary>Who may hold a session: someone in our employees table who is active and has not left.</summary>
public sealed class SessionEligibility(EmployeeRepository employees, LocationConsentRepository locationConsents, IMemoryCache cache,
    CompanyClock clock, IOptions<Punching.PunchingOptions> punching)
{
    /// <summary>
    /// How long the punch path trusts an employee it read: at the morning storm the same few thousand people punch,
    /// and three queries per punch for a record that changes a few times a year dominated the path. Someone made
    /// inactive stops being able to punch within this time; logins and admin access always read afresh.
    /// </summary>
    public static readonly TimeSpan PunchCacheTime = TimeSpan.FromSeconds(30);

    /// <summary>The employee, or the 403 answer explaining (in Chinese) why this user may not sign in.</summary>
    public async Task<(Employee? Employee, ProblemHttpResult? Refusal)> CheckAsync(string userId, CancellationToken cancellationToken) =>
        Decide(await employees.GetAsync(userId, cancellationToken));

    /// <summary>
    /// As <see cref="CheckAsync"/>, from a short-lived cache (<see cref="PunchCacheTime"/>), with whether the punch may
    /// use the employee's location (their location consent). An entry read before any employee or consent change
    /// committed through this host is not used, so admin edits, directory sync, face enrolment and consents take effect
    /// at once here; changes on another host within <see cref="PunchCacheTime"/>.
    /// </summary>
    public async Task<(Employee? Employee, ProblemHttpResult? Refusal, bool LocationAllowed)> CheckForPunchAsync(string userId,
        CancellationToken cancellationToken)
    {
        var key = ("punch-employee", userId);
        // Both counters only grow, so their sum moves whenever either does.
        var version = employees.LocalChanges + locationConsents.LocalChanges;
        if (!cache.TryGetValue(key, out CachedEmployee? cached) || cached!.Version != version)
        {
            var employee = await employees.GetAsync(userId, cancellationToken);
            var consent = employee is null ? null : await locationConsents.GetAsync(userId, cancellationToken);
            cached = new CachedEmployee(employee, consent?.Granted ?? !punching.Value.RequireLocationConsent, version);
            cache.Set(key, cached, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = PunchCacheTime, Size = 1 });
        }

        var (allowed, refusal) = Decide(cached.Employee);
        return (allowed, refusal, cached.LocationAllowed);
    }

    /// <summary>Drops the cached record at once, for changes that bypass the employee repository (erasure).</summary>
    public void Forget(string userId) => cache.Remove(("punch-employee", userId));

    private (Employee? Employee, ProblemHttpResult? Refusal) Decide(Employee? employee)
    {
        if (employee is null)
        {
            return (null, Forbidden("The user is not in the attendance directory.", "您尚未加入考勤名单，请联系人事开通后再登录"));
        }

        if (!employee.Active || (employee.LeftOn is { } leftOn && leftOn < Today()))
        {
            return (null, Forbidden("The employee is inactive or has left.", "您的考勤账号已停用或已离职，无法登录"));
        }

        return (employee, null);
    }

    public static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);

    // Leaving "on" a date means still employed that whole work day: until the day boundary after it, as a night
    // shift's check-out at 02:00 still belongs to it.
    private DateOnly Today() => clock.Today();
}

internal sealed record CachedEmployee(Employee? Employee, bool LocationAllowed, long Version);
