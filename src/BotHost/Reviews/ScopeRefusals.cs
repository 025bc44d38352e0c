using Attendance.Rules.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Reviews;

/// <summary>
/// The 403s of a supervisor asking for more than their scope on a scoped admin route: a department they do not lead or
/// a person they do not supervise is refused in Chinese (not answered with an empty list, which would read as "nobody").
/// </summary>
public static class ScopeRefusals
{
    public static ProblemHttpResult? Department(Reviewer reviewer, long? departmentId) =>
        departmentId is { } id && !reviewer.IsEveryone && reviewer.Scope?.CanSeeDepartment(id) != true
            ? Forbidden("The department is outside the caller's scope.", "无权限：您只能查看自己负责的部门")
            : null;

    public static ProblemHttpResult? Person(Reviewer reviewer, Employee? employee) =>
        employee is not null && !reviewer.CanSee(employee)
            ? Forbidden("The employee is outside the caller's scope.", "无权限：您只能查看自己团队成员的考勤")
            : null;

    public static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);
}
