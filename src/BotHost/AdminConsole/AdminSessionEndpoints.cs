using Attendance.BotHost.Days;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Reviews;
using Attendance.Data.Repositories;
using Attendance.Rules.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.AdminConsole;

/// <summary>A department the console may offer the caller (in a picker): every one for HR, the led ones for a supervisor.</summary>
public sealed record ConsoleDepartment(long Id, string Name, long? ParentId);

/// <summary>
/// Who is signed in to the console: <c>kind</c> key (an admin key) or user (an employee's session); <c>everyone</c> for
/// keys, HR and admins; a supervisor's led departments (with those below them) and number of direct reports;
/// <c>departments</c> the ones the caller may pick; <c>today</c> the company's work date (the day boundary applied).
/// </summary>
public sealed record AdminSessionView(
    string Actor,
    string Kind,
    string? UserId,
    string? Name,
    IReadOnlyList<string> Roles,
    bool Everyone,
    IReadOnlyList<long> LedDepartmentIds,
    int DirectReports,
    IReadOnlyList<ConsoleDepartment> Departments,
    DateOnly Today);

public static class AdminSessionEndpoints
{
    public static void MapAdminSessionApi(this ApiGroups groups) =>
        groups.Scoped.MapGet("/session", GetAsync)
            .WithSummary("Who is signed in to the console, and their scope (admin keys, HR, admins and supervisors; other employees 403).");

    public static async Task<Ok<AdminSessionView>> GetAsync(HttpContext http, DepartmentRepository departments, DayService days, CancellationToken ct)
    {
        var reviewer = ReviewerAuthentication.From(http);
        var all = await departments.ListAsync(ct);
        var led = reviewer.IsEveryone ? [] : reviewer.Scope!.Departments.Order().ToList();
        var offered = all.Where(d => reviewer.IsEveryone || led.Contains(d.Id)).OrderBy(d => d.Id).Select(d => new ConsoleDepartment(d.Id, d.Name, d.ParentId)).ToList();
        if (reviewer.Employee is not { } employee)
        {
            return TypedResults.Ok(new AdminSessionView(reviewer.Actor, "key", null, null, [], true, [], 0, offered, days.Today()));
        }

        IEnumerable<string> roles = employee.Roles.Select(r => r.ToString().ToLowerInvariant());
        if (reviewer.Scope is { IsSupervisor: true })
        {
            roles = roles.Append("supervisor");
        }

        return TypedResults.Ok(new AdminSessionView(reviewer.Actor, "user", employee.UserId, employee.Name, [.. roles], reviewer.IsEveryone, led,
            reviewer.Scope?.DirectReportCount ?? 0, offered, days.Today()));
    }
}
