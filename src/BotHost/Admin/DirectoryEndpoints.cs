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
        admin.MapPut("/departments/{id}", async (string id, JsonBody<DepartmentSpec> body, DepartmentRepository repo, HttpContext http, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var deptId = ParseDepartmentId(id, errors);
            var existing = deptId > 0 ? await repo.GetAsync(deptId, ct) : null;
            var spec = KeepMaskedRobotKey(body.Value, existing);
            var department = AdminResults.Valid(DirectoryValidator.Validate(deptId, spec, errors), errors);
            var outcome = await repo.UpsertAsync(department, Caller.From(http).Actor, ct);
            return AdminResults.Put(outcome, $"/api/admin/departments/{department.Id}", DepartmentView.From(department));
        })
            .WithSummary("Create or replace a department (201 the first time, 200 after).");

        admin.MapGet("/departments/{id}", async Task<Results<Ok<DepartmentView>, ProblemHttpResult>> (string id, DepartmentRepository repo, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var deptId = ParseDepartmentId(id, errors);
            AdminResults.Valid(string.Empty, errors);
            return await repo.GetAsync(deptId, ct) is { } d ? TypedResults.Ok(DepartmentView.From(d)) : AdminResults.NotFound($"Department {deptId}");
        })
            .WithSummary("Get one department, its robot key masked.");

        admin.MapGet("/departments", async (DepartmentRepository repo, CancellationToken ct) =>
            TypedResults.Ok((await repo.ListAsync(ct)).Select(DepartmentView.From)))
            .WithSummary("List the departments.");

        admin.MapDelete("/departments/{id}", async Task<Results<NoContent, ProblemHttpResult>> (string id, DepartmentRepository repo, HttpContext http, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var deptId = ParseDepartmentId(id, errors);
            AdminResults.Valid(string.Empty, errors);
            return await repo.DeleteAsync(deptId, Caller.From(http).Actor, ct) ? TypedResults.NoContent() : AdminResults.NotFound($"Department {deptId}");
        })
            .WithSummary("Delete a department.");

        admin.MapPut("/employees/{userId}", async (string userId, JsonBody<EmployeeSpec> body, EmployeeRepository repo, HttpContext http, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var employee = AdminResults.Valid(DirectoryValidator.Validate(userId, body.Value, errors), errors);
            var outcome = await repo.UpsertAsync(employee, Caller.From(http).Actor, ct);
            return AdminResults.Put(outcome, $"/api/admin/employees/{employee.UserId}", employee);
        })
            .WithSummary("Create or replace an employee (201 the first time, 200 after).");

        admin.MapGet("/employees/{userId}", async Task<Results<Ok<Employee>, ProblemHttpResult>> (string userId, EmployeeRepository repo, CancellationToken ct) =>
        {
            if (!Identifiers.IsUserId(userId))
            {
                throw InputException.Invalid("userId", Identifiers.UserIdRule);
            }

            return await repo.GetAsync(userId, ct) is { } e ? TypedResults.Ok(e) : AdminResults.NotFound($"Employee {userId}");
        })
            .WithSummary("Get one employee.");

        admin.MapGet("/employees", async (long? departmentId, string? name, bool? active, int? limit, int? offset, EmployeeRepository repo, CancellationToken ct) =>
        {
            var (take, skip) = AdminResults.Page(limit, offset);
            AdminResults.Filters(("name", name, 64));
            return TypedResults.Ok(await repo.ListAsync(new EmployeeQuery(departmentId, name, active, take, skip), ct));
        })
            .WithSummary("List employees, filtered and paged.");

        admin.MapDelete("/employees/{userId}", async Task<Results<NoContent, ProblemHttpResult>> (string userId, EmployeeRepository repo, HttpContext http, CancellationToken ct) =>
        {
            if (!Identifiers.IsUserId(userId))
            {
                throw InputException.Invalid("userId", Identifiers.UserIdRule);
            }

            return await repo.DeleteAsync(userId, Caller.From(http).Actor, ct) ? TypedResults.NoContent() : AdminResults.NotFound($"Employee {userId}");
        })
            .WithSummary("Delete an employee (their sessions end).");

        // Ends every session of the employee now (the "tokens valid after" stamp); they may sign in again if still eligible.
        admin.MapPost("/employees/{userId}/sessions/revoke", async Task<Results<Ok<SessionRevocationResponse>, ProblemHttpResult>> (string userId, SessionRevocationRepository revocations, HttpContext http,
            CancellationToken ct) =>
        {
            if (!Identifiers.IsUserId(userId))
            {
                throw InputException.Invalid("userId", Identifiers.UserIdRule);
            }

            return await revocations.RevokeAsync(userId, Caller.From(http).Actor, ct) is { } validAfter
                ? TypedResults.Ok(new SessionRevocationResponse(userId, validAfter))
                : AdminResults.NotFound($"Employee {userId}");
        })
            .WithSummary("End every session of an employee now.");
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
