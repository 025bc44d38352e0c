using System.Globalization;
using Attendance.Rules.Common;

namespace Attendance.Rules.Directory;

/// <summary>Body of <c>PUT /api/admin/departments/{id}</c>.</summary>
public sealed record DepartmentSpec(string? Name, long? ParentId, IReadOnlyList<string>? LeaderUserIds, DigestSpec? Digest);

public sealed record DigestSpec(string? RobotKey, string? ChatId, string? Cron, string? TimeZone);

/// <summary>Body of <c>PUT /api/admin/employees/{userId}</c>.</summary>
public sealed record EmployeeSpec(
    string? Name,
    IReadOnlyList<long>? DepartmentIds,
    long? MainDepartmentId,
    IReadOnlyList<string>? DirectLeaderUserIds,
    bool? Active,
    IReadOnlyList<string>? Roles,
    DateOnly? JoinedOn,
    DateOnly? LeftOn);

public static class DirectoryValidator
{
    public const int MaxLeaders = 100;
    public const int MaxDepartmentsPerEmployee = 100;

    public static Department? Validate(long id, DepartmentSpec? spec, FieldErrors errors)
    {
        errors.Require(Identifiers.IsDepartmentId(id), "id", "must be a WeCom department id (a positive integer)");
        if (spec is null)
        {
            errors.Add("$", "a department body is required");
            return null;
        }

        errors.RequireText(spec.Name, "name", 64);
        if (spec.ParentId is { } parent)
        {
            errors.Require(Identifiers.IsDepartmentId(parent), "parentId", "must be a WeCom department id (a positive integer)");
            errors.Require(parent != id, "parentId", "a department cannot be its own parent");
        }

        var leaders = ValidateUserIds(spec.LeaderUserIds, "leaderUserIds", errors);
        var digest = ValidateDigest(spec.Digest, errors);
        return errors.IsEmpty ? new Department(id, spec.Name!.Trim(), spec.ParentId, leaders, digest) : null;
    }

    public static Employee? Validate(string userId, EmployeeSpec? spec, FieldErrors errors)
    {
        errors.Require(Identifiers.IsUserId(userId), "userId", Identifiers.UserIdRule);
        if (spec is null)
        {
            errors.Add("$", "an employee body is required");
            return null;
        }

        errors.RequireText(spec.Name, "name", 64);
        var departments = spec.DepartmentIds ?? [];
        errors.Require(departments.Count is > 0 and <= MaxDepartmentsPerEmployee, "departmentIds",
            $"must list between 1 and {MaxDepartmentsPerEmployee} departments");
        for (var i = 0; i < departments.Count; i++)
        {
            errors.Require(Identifiers.IsDepartmentId(departments[i]), $"departmentIds[{i}]", "must be a WeCom department id (a positive integer)");
        }

        errors.Require(departments.Distinct().Count() == departments.Count, "departmentIds", "must not repeat a department");
        var main = spec.MainDepartmentId ?? (departments.Count > 0 ? departments[0] : 0);
        errors.Require(departments.Count == 0 || departments.Contains(main), "mainDepartmentId", "must be one of departmentIds");

        var leaders = ValidateUserIds(spec.DirectLeaderUserIds, "directLeaderUserIds", errors);
        errors.Require(!leaders.Contains(userId, StringComparer.OrdinalIgnoreCase), "directLeaderUserIds", "an employee cannot be their own direct leader");
        var roles = ValidateRoles(spec.Roles, errors);
        if (spec.JoinedOn is { } joined && spec.LeftOn is { } left)
        {
            errors.Require(left >= joined, "leftOn", "must not be before joinedOn");
        }

        return errors.IsEmpty
            ? new Employee(userId, spec.Name!.Trim(), [.. departments.Order()], main, leaders, spec.Active ?? true, roles, spec.JoinedOn, spec.LeftOn)
            : null;
    }

    private static string[] ValidateUserIds(IReadOnlyList<string>? ids, string field, FieldErrors errors)
    {
        ids ??= [];
        if (ids.Count > MaxLeaders)
        {
            errors.Add(field, $"must list at most {MaxLeaders} userids");
            return [];
        }

        for (var i = 0; i < ids.Count; i++)
        {
            errors.Require(Identifiers.IsUserId(ids[i]), string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), Identifiers.UserIdRule);
        }

        return [.. ids.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static Role[] ValidateRoles(IReadOnlyList<string>? roles, FieldErrors errors)
    {
        var result = new HashSet<Role> { Role.Employee };
        var list = roles ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            switch (list[i]?.Trim().ToLowerInvariant())
            {
                case "employee": result.Add(Role.Employee); break;
                case "hr": result.Add(Role.Hr); break;
                case "admin": result.Add(Role.Admin); break;
                default: errors.Add($"roles[{i}]", "must be employee, hr or admin"); break;
            }
        }

        return [.. result.Order()];
    }

    private static DigestSettings ValidateDigest(DigestSpec? spec, FieldErrors errors)
    {
        if (spec is null)
        {
            return DigestSettings.None;
        }

        var robotKey = Blank(spec.RobotKey);
        if (robotKey is not null)
        {
            errors.Require(robotKey.Length <= 128 && robotKey.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'),
                "digest.robotKey", "must be the key of a group robot webhook (letters, digits and '-')");
        }

        var chatId = Blank(spec.ChatId);
        if (chatId is not null)
        {
            errors.Require(chatId.Length <= 64 && chatId.All(char.IsAsciiLetterOrDigit), "digest.chatId", "must be 1-64 letters or digits");
        }

        var cron = Blank(spec.Cron);
        if (cron is not null)
        {
            var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            errors.Require(cron.Length <= 120 && fields is 6 or 7, "digest.cron",
                "must be a Quartz cron expression with 6 or 7 fields, e.g. '0 30 9 ? * MON-FRI'");
        }

        var timeZone = Blank(spec.TimeZone);
        if (timeZone is not null)
        {
            errors.Require(TimeZones.TryFind(timeZone, out _), "digest.timeZone", "must be an IANA time zone such as Asia/Shanghai");
        }

        return new DigestSettings(robotKey, chatId, cron, timeZone);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
