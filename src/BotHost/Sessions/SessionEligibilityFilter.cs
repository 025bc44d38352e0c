using Attendance.BotHost.Security;
using Attendance.Rules.Directory;

namespace Attendance.BotHost.Sessions;

/// <summary>
/// The one eligibility check of every <c>/api/me</c> route (a route-group filter after <see cref="SessionAuthentication"/>):
/// someone deactivated, departed or removed keeps a token until it expires, but not the access. Read afresh per
/// request; the employee is left on the request for the endpoint (<see cref="EmployeeOf"/>).
/// </summary>
public sealed class SessionEligibilityFilter(SessionEligibility eligibility) : IEndpointFilter
{
    private const string ItemKey = "attendance.employee";

    public static Employee EmployeeOf(HttpContext http) =>
        http.Items[ItemKey] as Employee ?? throw new InvalidOperationException("no eligible employee on this request");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (employee, refusal) = await eligibility.CheckAsync(Caller.From(http).UserId!, http.RequestAborted);
        if (employee is null)
        {
            return refusal;
        }

        http.Items[ItemKey] = employee;
        return await next(context);
    }
}
