using Attendance.BotHost.Security;
using Attendance.Rules.Directory;

namespace Attendance.BotHost.Sessions;

/// <summary><c>/api/me</c>: the signed-in employee's own data, behind <see cref="SessionAuthentication"/>.</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder me)
    {
        me.MapGet("", async (HttpContext http, SessionEligibility eligibility, CancellationToken ct) =>
        {
            // Re-checked per request: someone who left keeps a token until it expires but not the access.
            var (employee, refusal) = await eligibility.CheckAsync(Caller.From(http).UserId!, ct);
            return employee is null
                ? refusal!
                : Results.Ok(new MeResponse(employee.UserId, employee.Name, employee.DepartmentIds, employee.Roles));
        });
        return me;
    }
}

public sealed record MeResponse(string UserId, string Name, IReadOnlyList<long> DepartmentIds, IReadOnlyList<Role> Roles);
