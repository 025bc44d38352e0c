using Attendance.Rules.Directory;

namespace Attendance.BotHost.Sessions;

/// <summary><c>/api/me</c>: the signed-in employee's own data, behind the group's guards (<see cref="MeGroup"/>).</summary>
public static class MeEndpoints
{
    public static RouteGroupBuilder MapMeEndpoints(this RouteGroupBuilder me)
    {
        me.MapGet("", (HttpContext http) =>
        {
            // The group's eligibility filter has re-read the employee for this request.
            var employee = SessionEligibilityFilter.EmployeeOf(http);
            return Results.Ok(new MeResponse(employee.UserId, employee.Name, employee.DepartmentIds, employee.Roles));
        })
            .WithSummary("The signed-in employee.").Produces<MeResponse>(StatusCodes.Status200OK);
        return me;
    }
}

public sealed record MeResponse(string UserId, string Name, IReadOnlyList<long> DepartmentIds, IReadOnlyList<Role> Roles);
