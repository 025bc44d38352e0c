using System.Globalization;
using System.Text;
using Attendance.BotHost.Days;
using Attendance.Data;
using Attendance.Data.Repositories;
using Attendance.Rules.Commands;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Bot;

/// <summary>
/// 我的考勤, 查, 部门 and 异常: authorize against the caller's scope, read the evaluated days (evaluating dates not yet
/// final), audit every look at someone else, and write the reply.
/// </summary>
public sealed class BotQueries(DayService days, BotDays group, BotDirectory directory, AuditRepository audit)
{
    /// <summary>Lines of one 异常 reply; the export has the rest.</summary>
    public const int MaxAnomalyLines = 300;

    public async Task<string> MyAttendanceAsync(BotCaller caller, DateRange range, CancellationToken cancellationToken) =>
        await PersonReportAsync(caller.Employee, range, cancellationToken);

    public async Task<string> QueryPersonAsync(BotCaller caller, QueryPersonCommand command, CancellationToken cancellationToken)
    {
        var matches = await directory.FindPeopleAsync(command.Who, cancellationToken);
        var visible = matches.Where(caller.Scope.CanSee).ToList();
        if (visible.Count == 0)
        {
            if (matches.Count > 0)
            {
                await AuditAsync(caller, "bot.query.denied", "employee", string.Join(",", matches.Select(m => m.UserId)), command.Range, cancellationToken);
                return BotText.Denied;
            }

            // Only someone who may see everyone learns that a name does not exist.
            return caller.Scope.IsEveryone ? $"没有找到「{BotText.Clip(command.Who, 32)}」，请检查姓名或账号。" : BotText.Denied;
        }

        if (visible.Count > 1)
        {
            var names = (await directory.DepartmentsAsync(cancellationToken)).ToDictionary(d => d.Id, d => d.Name);
            var text = new StringBuilder($"有 {visible.Count} 位同名的「{visible[0].Name}」，请用账号再查一次：");
            foreach (var person in visible)
            {
                var departments = string.Join("、", person.DepartmentIds.Select(id => names.GetValueOrDefault(id) ?? id.ToString(CultureInfo.InvariantCulture)));
                text.Append('\n').Append("· ").Append(person.Name).Append("（账号 ").Append(person.UserId).Append('，').Append(departments).Append('）');
            }

            text.Append(CultureInfo.InvariantCulture, $"\n例如：查 {visible[0].UserId}");
            return text.ToString();
        }

        var target = visible[0];
        if (!string.Equals(target.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase))
        {
            await AuditAsync(caller, "bot.query", "employee", target.UserId, command.Range, cancellationToken);
        }

        return await PersonReportAsync(target, command.Range, cancellationToken);
    }

    public async Task<string> RollCallAsync(BotCaller caller, DepartmentRollCallCommand command, CancellationToken cancellationToken)
    {
        var (matches, all) = await directory.FindDepartmentsAsync(command.Department, cancellationToken);
        var visible = matches.Where(d => caller.Scope.CanSeeDepartment(d.Id)).ToList();
        if (visible.Count == 0)
        {
            if (matches.Count > 0)
            {
                await AuditAsync(caller, "bot.department.denied", "department", string.Join(",", matches.Select(m => m.Id)), DateRange.Day(command.Date),
                    cancellationToken);
                return BotText.Denied;
            }

            return caller.Scope.IsEveryone ? $"没有找到部门「{BotText.Clip(command.Department, 32)}」。" : BotText.Denied;
        }

        if (visible.Count > 1)
        {
            var names = all.ToDictionary(d => d.Id, d => d.Name);
            var text = new StringBuilder($"有 {visible.Count} 个部门叫「{visible[0].Name}」，请用部门编号再查一次：");
            foreach (var d in visible)
            {
                var parent = d.ParentId is { } p && names.TryGetValue(p, out var n) ? "，上级 " + n : "";
                text.Append(CultureInfo.InvariantCulture, $"\n· 编号 {d.Id}{parent}");
            }

            text.Append(CultureInfo.InvariantCulture, $"\n例如：部门 {visible[0].Id}");
            return text.ToString();
        }

        var department = visible[0];
        await AuditAsync(caller, "bot.department", "department", department.Id.ToString(CultureInfo.InvariantCulture), DateRange.Day(command.Date),
            cancellationToken);
        if (command.Date > days.Today())
        {
            return $"{department.Name} {BotText.Date(command.Date)} 还没到，没有到岗数据。";
        }

        var subtree = BotDirectory.Subtree(department.Id, all);
        var people = (await days.ListEmployeesAsync(command.Date, cancellationToken))
            .Where(e => e.DepartmentIds.Any(subtree.Contains)).ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        var results = (await group.ForAsync(command.Date, command.Date, people.Values, cancellationToken)).Where(d => d.Employed).ToList();
        return RollCall.Text(department.Name, command.Date, results, people);
    }

    public async Task<string> AnomaliesAsync(BotCaller caller, AnomaliesCommand command, CancellationToken cancellationToken)
    {
        var today = days.Today();
        if (command.Range.From > today)
        {
            return $"{BotText.Range(command.Range)} 还没到，没有考勤数据。";
        }

        var to = command.Range.To > today ? today : command.Range.To;
        var selfOnly = !caller.Scope.IsEveryone && !caller.Scope.IsSupervisor;
        var people = (await days.ListEmployeesAsync(command.Range.From, cancellationToken))
            .Where(e => selfOnly ? string.Equals(e.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase) : caller.Scope.CanSee(e))
            .ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        if (!selfOnly)
        {
            var target = caller.Scope.IsEveryone ? "all" : string.Join(",", caller.Scope.Departments.Order()) is { Length: > 0 } ids ? ids : "reports";
            await AuditAsync(caller, "bot.anomalies", "scope", target, command.Range, cancellationToken);
        }

        var stored = selfOnly
            ? await days.EnsureAsync(command.Range.From, to, caller.UserId, cancellationToken)
            : await group.ForAsync(command.Range.From, to, people.Values, cancellationToken);
        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var anomalies = stored.Where(d => d.Employed && d.Anomalies != DayAnomalies.None && people.ContainsKey(d.UserId))
            .OrderBy(d => d.WorkDate).ThenBy(d => d.UserId, StringComparer.Ordinal).ToList();
        var scopeName = selfOnly ? "您" : caller.Scope.IsEveryone ? "全公司" : "您管理的范围内";
        if (anomalies.Count == 0)
        {
            return $"{BotText.Range(command.Range)} {scopeName}没有考勤异常。";
        }

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{BotText.Range(command.Range)} {scopeName}共 {anomalies.Count} 条考勤异常："));
        foreach (var day in anomalies.Take(MaxAnomalyLines))
        {
            var person = people[day.UserId];
            text.Append('\n').Append(day.WorkDate.ToString("MM-dd", CultureInfo.InvariantCulture)).Append(' ').Append(person.Name).Append(' ')
                .Append(BotText.DayLine(day, schedule.ZoneFor(person), withDate: false));
        }

        if (anomalies.Count > MaxAnomalyLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n……另有 {anomalies.Count - MaxAnomalyLines} 条未显示，完整数据请用「导出」。");
        }

        return text.ToString();
    }

    private async Task<string> PersonReportAsync(Employee person, DateRange range, CancellationToken cancellationToken)
    {
        var today = days.Today();
        if (range.From > today)
        {
            return $"{BotText.Person(person)} {BotText.Range(range)} 还没到，没有考勤记录。";
        }

        var stored = (await days.EnsureAsync(range.From, range.To > today ? today : range.To, person.UserId, cancellationToken))
            .Where(d => d.Employed).OrderBy(d => d.WorkDate).ToList();
        if (stored.Count == 0)
        {
            return $"{BotText.Person(person)} {BotText.Range(range)} 没有考勤记录。";
        }

        var zone = (await days.LoadScheduleAsync(cancellationToken)).ZoneFor(person);
        if (range.From == range.To)
        {
            return $"{BotText.Person(person)} {BotText.Date(range.From)}\n{BotText.DayLine(stored[0], zone, withDate: false)}";
        }

        var text = new StringBuilder($"{BotText.Person(person)} {BotText.Range(range)}");
        foreach (var day in stored)
        {
            text.Append('\n').Append(BotText.DayLine(day, zone));
        }

        text.Append('\n').Append(BotText.Totals(stored));
        return text.ToString();
    }

    private Task AuditAsync(BotCaller caller, string action, string entityType, string entityId, DateRange range, CancellationToken cancellationToken) =>
        audit.AppendAsync(caller.Actor, action, entityType, BotText.Clip(entityId, 100),
            DataJson.Serialize(new { via = "bot", from = range.From, to = range.To }), cancellationToken);
}
