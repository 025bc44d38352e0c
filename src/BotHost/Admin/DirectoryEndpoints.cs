using System.Globalization;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Attendance.BotHost.Admin;

public static class DirectoryEndpoints
{
    public static void MapDirectoryApi(this ApiGroups groups)
    {
        var admin = groups.Admin;
        admin.MapPut("/departments/{id}", PutDepartmentAsync).WithSummary("Create or replace a department (201 the first time, 200 after).");
        admin.MapGet("/departments/{id}", GetDepartmentAsync).WithSummary("Get one department, its robot key masked.");
        admin.MapGet("/departments", ListDepartmentsAsync).WithSummary("List the departments.");
        admin.MapDelete("/departments/{id}", DeleteDepartmentAsync).WithSummary("Delete a department.");
        admin.MapPut("/employees/{userId}", PutEmployeeAsync).WithSummary("Create or replace an employee (201 the first time, 200 after).");
        admin.MapGet("/employees/{userId}", GetEmployeeAsync).WithSummary("Get one employee.");
        admin.MapGet("/employees", ListEmployeesAsync).WithSummary("List employees, filtered and paged.");
        admin.MapDelete("/employees/{userId}", DeleteEmployeeAsync).WithSummary("Delete an employee (their sessions end).");
        admin.MapPost("/employees/{userId}/sessions/revoke", RevokeSessionsAsync).WithSummary("End every session of an employee now.");
    }

    public static async Task<Results<Created<DepartmentView>, Ok<DepartmentView>>> PutDepartmentAsync(string id, JsonBody<DepartmentSpec> body,
        DepartmentRepository repo, Digests.DigestSchedules digests, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var deptId = ParseDepartmentId(id, errors);
        var existing = deptId > 0 ? await repo.GetAsync(deptId, ct) : null;
        var spec = KeepMaskedRobotKey(body.Value, existing);
        var validated = DirectoryValidator.Validate(deptId, spec, errors);
        // The rule in src/Rules checks the shape; whether Quartz can schedule it (hours 0-23, a '?' in one of the day
        // fields) is Quartz's to say, and a cron it cannot read would silently fall back to the default run.
        if (validated?.Digest.Cron is { } cron && !QuartzReads(cron))
        {
            errors.Add("digest.cron", "Quartz cannot read this cron expression (seconds minutes hours day-of-month month day-of-week, " +
                "with '?' in one of the two day fields), e.g. '0 30 9 ? * MON-FRI'");
        }

        var department = AdminResults.Valid(validated, errors);
        var outcome = await repo.UpsertAsync(department, Caller.From(http).Actor, ct);
        await digests.RefreshAsync(department.Id, ct);
        return AdminResults.Put(outcome, $"/api/admin/departments/{department.Id}", DepartmentView.From(department));
    }

    public static async Task<Results<Ok<DepartmentView>, ProblemHttpResult>> GetDepartmentAsync(string id, DepartmentRepository repo, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var deptId = ParseDepartmentId(id, errors);
        AdminResults.Valid(string.Empty, errors);
        return await repo.GetAsync(deptId, ct) is { } d ? TypedResults.Ok(DepartmentView.From(d)) : AdminResults.NotFound($"Department {deptId}");
    }

    public static async Task<Ok<IEnumerable<DepartmentView>>> ListDepartmentsAsync(DepartmentRepository repo, CancellationToken ct) =>
        TypedResults.Ok((await repo.ListAsync(ct)).Select(DepartmentView.From));

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteDepartmentAsync(string id, DepartmentRepository repo,
        Digests.DigestSchedules digests, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var deptId = ParseDepartmentId(id, errors);
        AdminResults.Valid(string.Empty, errors);
        if (!await repo.DeleteAsync(deptId, Caller.From(http).Actor, ct))
        {
            return AdminResults.NotFound($"Department {deptId}");
        }

        await digests.RefreshAsync(deptId, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Created<Employee>, Ok<Employee>>> PutEmployeeAsync(string userId, JsonBody<EmployeeSpec> body, EmployeeRepository repo,
        HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var employee = AdminResults.Valid(DirectoryValidator.Validate(userId, body.Value, errors), errors);
        var outcome = await repo.UpsertAsync(employee, Caller.From(http).Actor, ct);
        return AdminResults.Put(outcome, $"/api/admin/employees/{employee.UserId}", employee);
    }

    public static async Task<Results<Ok<Employee>, ProblemHttpResult>> GetEmployeeAsync(string userId, EmployeeRepository repo, CancellationToken ct)
    {
        RequireUserId(userId);
        return await repo.GetAsync(userId, ct) is { } e ? TypedResults.Ok(e) : AdminResults.NotFound($"Employee {userId}");
    }

    public static async Task<Ok<IReadOnlyList<Employee>>> ListEmployeesAsync(long? departmentId, string? name, string? search, bool? active, int? limit,
        int? offset, EmployeeRepository repo, CancellationToken ct)
    {
        var (take, skip) = AdminResults.Page(limit, offset);
        AdminResults.Filters(("name", name, 64), ("search", search, 64));
        return TypedResults.Ok(await repo.ListAsync(new EmployeeQuery(departmentId, name, active, take, skip, search), ct));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteEmployeeAsync(string userId, EmployeeRepository repo, HttpContext http,
        CancellationToken ct)
    {
        RequireUserId(userId);
        return await repo.DeleteAsync(userId, Caller.From(http).Actor, ct) ? TypedResults.NoContent() : AdminResults.NotFound($"Employee {userId}");
    }

    // Ends every session of the employee now (the "tokens valid after" stamp); they may sign in again if still eligible.
    public static async Task<Results<Ok<SessionRevocationResponse>, ProblemHttpResult>> RevokeSessionsAsync(string userId,
        SessionRevocationRepository revocations, HttpContext http, CancellationToken ct)
    {
        RequireUserId(userId);
        return await revocations.RevokeAsync(userId, Caller.From(http).Actor, ct) is { } validAfter
            ? TypedResults.Ok(new SessionRevocationResponse(userId, validAfter))
            : AdminResults.NotFound($"Employee {userId}");
    }

    private static bool QuartzReads(string cron)
    {
        try
        {
            _ = new Quartz.CronExpression(cron);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void RequireUserId(string userId)
    {
        if (!Identifiers.IsUserId(userId))
        {
            throw InputException.Invalid("userId", Identifiers.UserIdRule);
        }
    }

    private static long ParseDepartmentId(string text, FieldErrors errors)
    {
        var ok = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Identifiers.IsDepartmentId(id);
        errors.Require(ok, "id", "must be a WeCom department id (a positive integer)");
        return ok ? id : 0;
    }

    /// <summary>GET shows the robot key masked; a PUT that sends the mask back keeps the stored key.</summary>
    private static DepartmentSpec KeepMaskedRobotKey(DepartmentSpec spec, Department? existing)
    {
        if (spec.Digest?.RobotKey is { } key && key.StartsWith(DepartmentView.Mask, StringComparison.Ordinal) && existing is not null)
        {
            return spec with { Digest = spec.Digest with { RobotKey = existing.Digest.RobotKey } };
        }

        return spec;
    }
}

/// <summary>A department as the API shows it: the robot key (a secret) masked.</summary>
public sealed record DepartmentView(long Id, string Name, long? ParentId, IReadOnlyList<string> LeaderUserIds, DigestSettings Digest)
{
    public const string Mask = "***";

    public static DepartmentView From(Department d) => new(d.Id, d.Name, d.ParentId, d.LeaderUserIds,
        d.Digest with { RobotKey = d.Digest.RobotKey is { Length: > 4 } k ? Mask + k[^4..] : d.Digest.RobotKey is null ? null : Mask });
}

public sealed record SessionRevocationResponse(string UserId, DateTimeOffset ValidAfter);
