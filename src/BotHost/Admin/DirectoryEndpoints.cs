using System.Globalization;
using Attendance.BotHost.Infrastructure;
using Attendance.BotHost.Security;
using Attendance.Data.Repositories;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;

namespace Attendance.BotHost.Admin;

public static class DirectoryEndpoints
{
    public static RouteGroupBuilder MapDirectoryEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPut("/departments/{id}", async (string id, JsonBody<DepartmentSpec> body, DepartmentRepository repo, HttpContext http, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var deptId = ParseDepartmentId(id, errors);
            var existing = deptId > 0 ? await repo.GetAsync(deptId, ct) : null;
            var spec = KeepMaskedRobotKey(body.Value, existing);
            var department = AdminResults.Valid(DirectoryValidator.Validate(deptId, spec, errors), errors);
            var outcome = await repo.UpsertAsync(department, Caller.From(http).Actor, ct);
            return AdminResults.Put(outcome, $"/api/admin/departments/{department.Id}", DepartmentView.From(department));
        });

        admin.MapGet("/departments/{id}", async (string id, DepartmentRepository repo, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var deptId = ParseDepartmentId(id, errors);
            AdminResults.Valid(string.Empty, errors);
            return await repo.GetAsync(deptId, ct) is { } d ? Results.Ok(DepartmentView.From(d)) : AdminResults.NotFound($"Department {deptId}");
        });

        admin.MapGet("/departments", async (DepartmentRepository repo, CancellationToken ct) =>
            TypedResults.Ok((await repo.ListAsync(ct)).Select(DepartmentView.From)));

        admin.MapDelete("/departments/{id}", async (string id, DepartmentRepository repo, HttpContext http, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var deptId = ParseDepartmentId(id, errors);
            AdminResults.Valid(string.Empty, errors);
            return await repo.DeleteAsync(deptId, Caller.From(http).Actor, ct) ? Results.NoContent() : AdminResults.NotFound($"Department {deptId}");
        });

        admin.MapPut("/employees/{userId}", async (string userId, JsonBody<EmployeeSpec> body, EmployeeRepository repo, HttpContext http, CancellationToken ct) =>
        {
            var errors = new FieldErrors();
            var employee = AdminResults.Valid(DirectoryValidator.Validate(userId, body.Value, errors), errors);
            var outcome = await repo.UpsertAsync(employee, Caller.From(http).Actor, ct);
            return AdminResults.Put(outcome, $"/api/admin/employees/{employee.UserId}", employee);
        });

        admin.MapGet("/employees/{userId}", async (string userId, EmployeeRepository repo, CancellationToken ct) =>
        {
            if (!Identifiers.IsUserId(userId))
            {
                throw InputException.Invalid("userId", Identifiers.UserIdRule);
            }

            return await repo.GetAsync(userId, ct) is { } e ? Results.Ok(e) : AdminResults.NotFound($"Employee {userId}");
        });

        admin.MapGet("/employees", async (long? departmentId, string? name, bool? active, int? limit, int? offset, EmployeeRepository repo, CancellationToken ct) =>
        {
            var (take, skip) = AdminResults.Page(limit, offset);
            AdminResults.Filters(("name", name, 64));
            return TypedResults.Ok(await repo.ListAsync(new EmployeeQuery(departmentId, name, active, take, skip), ct));
        });

        admin.MapDelete("/employees/{userId}", async (string userId, EmployeeRepository repo, HttpContext http, CancellationToken ct) =>
        {
            if (!Identifiers.IsUserId(userId))
            {
                throw InputException.Invalid("userId", Identifiers.UserIdRule);
            }

            return await repo.DeleteAsync(userId, Caller.From(http).Actor, ct) ? Results.NoContent() : AdminResults.NotFound($"Employee {userId}");
        });

        // Ends every session of the employee now (the "tokens valid after" stamp); they may sign in again if still eligible.
        admin.MapPost("/employees/{userId}/sessions/revoke", async (string userId, SessionRevocationRepository revocations, HttpContext http,
            CancellationToken ct) =>
        {
            if (!Identifiers.IsUserId(userId))
            {
                throw InputException.Invalid("userId", Identifiers.UserIdRule);
            }

            return await revocations.RevokeAsync(userId, Caller.From(http).Actor, ct) is { } validAfter
                ? Results.Ok(new SessionRevocationResponse(userId, validAfter))
                : AdminResults.NotFound($"Employee {userId}");
        });

        return admin;
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
