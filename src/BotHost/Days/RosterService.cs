using System.Globalization;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Calendar;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.BotHost.Days;

/// <summary>A date column of the roster grid: ISO weekday (1 Monday … 7 Sunday), the calendar's kind
/// (workday, rest, holiday, makeup = 调休上班) and its name (春节…).</summary>
public sealed record RosterDayView(DateOnly Date, int Weekday, string Kind, string? Name);

/// <summary>One person's date: <c>kind</c> work (with <c>shiftId</c>), rest (a roster gives rest or the weekly
/// pattern's day off), holiday, or none (no roster reaches the date); <c>source</c> person or department: whose
/// assignment decides it (null when none does).</summary>
public sealed record RosterCellView(string? ShiftId, string Kind, string? Source);

public sealed record RosterPersonView(string UserId, string Name, long MainDepartmentId, bool Active, IReadOnlyList<RosterCellView> Cells);

public sealed record RosterShiftView(string Id, string Name);

public sealed record RosterGridView(DateOnly From, DateOnly To, IReadOnlyList<RosterDayView> Days, IReadOnlyList<RosterShiftView> Shifts,
    IReadOnlyList<RosterPersonView> People);

/// <summary>A refused cell of an import: its Excel row (1 = header) and column letter, the column's header, the row's
/// userid, the cell's text and why, in Chinese.</summary>
public sealed record RosterRefusedCell(int Row, string Column, string Header, string? UserId, string? Value, string Reason);

/// <summary>What an import did (or, on a dry run, would do). <c>applied</c> cells changed a person's roster;
/// <c>unchanged</c> cells already said what the person works.</summary>
public sealed record RosterImportResult(string Month, bool DryRun, int People, int Applied, int Unchanged, int AssignmentsCreated,
    int AssignmentsDeleted, IReadOnlyList<RosterRefusedCell> Refused);

/// <summary>Body of <c>POST /api/admin/rosters/cells</c>: cells of the grid HR changed.</summary>
public sealed record RosterCellsRequest(IReadOnlyList<RosterCellChange>? Changes);

/// <summary>One cell: <c>shiftId</c> a shift, null for rest (休).</summary>
public sealed record RosterCellChange(string? UserId, DateOnly? Date, string? ShiftId);

public sealed record RosterCellsResult(int Applied, int Unchanged, int AssignmentsCreated, int AssignmentsDeleted);

/// <summary>
/// The roster as a people × dates grid, its Excel sheet, and writing cells back as each person's own day roster
/// (<see cref="DayRoster"/>). A cell that already says what the person works (their effective shift, 休 on a rest
/// day or holiday, or their own assignment already giving that value) changes nothing: exporting and importing back
/// is a no-op, and importing the same file twice changes nothing the second time.
/// </summary>
public sealed class RosterService(DayService days, AssignmentRepository assignments, EmployeeRepository employees)
{
    public const int MaxDays = 62;

    /// <summary>The people employed around <paramref name="from"/> (of one department when given) and their dates.</summary>
    public async Task<RosterGridView> GridAsync(DateOnly from, DateOnly to, long? departmentId, CancellationToken cancellationToken)
    {
        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var dates = Dates(from, to);
        var people = (await days.ListEmployeesAsync(from, cancellationToken))
            .Where(e => (e.LeftOn is null || e.LeftOn >= from) && (departmentId is null || e.DepartmentIds.Contains(departmentId.Value)))
            .OrderBy(e => e.UserId, StringComparer.Ordinal)
            .Select(e => new RosterPersonView(e.UserId, e.Name, e.MainDepartmentId, e.Active, [.. dates.Select(d => Cell(schedule, e, d))]))
            .ToList();
        return new RosterGridView(from, to, [.. dates.Select(d => Day(schedule.Calendar, d))],
            [.. schedule.Shifts.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => new RosterShiftView(s.Id, ShiftName(s)))], people);
    }

    /// <summary>The month's sheet: each cell the effective shift's name (its id when the name is not unique), 休 on a
    /// rest day or holiday, empty where no roster reaches the date.</summary>
    public async Task<byte[]> ExportAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var grid = await GridAsync(month, month.AddMonths(1).AddDays(-1), null, cancellationToken);
        var names = Names(grid.Shifts);
        return await RosterSheet.WriteAsync([.. grid.Days.Select(d => d.Date)],
            grid.People.Select(p => (p.UserId, p.Name, (IReadOnlyList<string>)[.. p.Cells.Select(c => Text(c, names))])), cancellationToken);
    }

    /// <summary>Imports a month's sheet: every valid cell is applied, every refused one is listed (see docs/api.md).</summary>
    public async Task<RosterImportResult> ImportAsync(DateOnly month, byte[] file, bool dryRun, string actor, CancellationToken cancellationToken)
    {
        var monthText = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var rows = RosterSheet.Read(file);
        if (rows.Count == 0)
        {
            throw new RosterFileException(StatusCodes.Status400BadRequest, "file", "表格是空的：第 1 行应为表头（工号、姓名、各日期）");
        }

        var header = rows[0];
        var idHeader = header.FirstOrDefault(c => c.Column == "A").Text ?? "";
        if (!idHeader.Contains(RosterSheet.UserIdHeader, StringComparison.Ordinal) && !idHeader.Contains("userid", StringComparison.OrdinalIgnoreCase))
        {
            throw new RosterFileException(StatusCodes.Status400BadRequest, "file", $"第 1 行 A 列应为表头“工号”，实际为“{idHeader}”");
        }

        var refused = new List<RosterRefusedCell>();
        var columns = new Dictionary<string, (DateOnly Date, string Header)>(StringComparer.Ordinal);
        var seenDates = new Dictionary<DateOnly, string>();
        var last = month.AddMonths(1).AddDays(-1);
        foreach (var cell in header.Where(c => c.Column is not ("A" or "B")))
        {
            if (cell.Text.Length == 0)
            {
                if (rows.Skip(1).Any(r => r.Any(c => c.Column == cell.Column && c.Text.Length > 0)))
                {
                    refused.Add(new(1, cell.Column, "", null, null, "表头为空，此列未导入（表头应为日期）"));
                }

                continue;
            }

            var date = RosterSheet.ParseHeader(cell.Value, cell.Text, month);
            if (date is not { } d)
            {
                refused.Add(new(1, cell.Column, cell.Text, null, cell.Text, "表头不是日期，此列未导入"));
            }
            else if (d < month || d > last)
            {
                refused.Add(new(1, cell.Column, cell.Text, null, cell.Text, $"日期 {RosterSheet.Header(d)} 不在 {monthText} 内，此列未导入"));
            }
            else if (seenDates.TryGetValue(d, out var first))
            {
                refused.Add(new(1, cell.Column, cell.Text, null, cell.Text, $"日期 {RosterSheet.Header(d)} 与 {first} 列重复，此列未导入"));
            }
            else
            {
                seenDates[d] = cell.Column;
                columns[cell.Column] = (d, cell.Text);
            }
        }

        if (columns.Count == 0)
        {
            throw new RosterFileException(StatusCodes.Status400BadRequest, "month",
                $"表头（第 1 行）没有 {monthText} 的日期：请确认导入的月份与文件一致（第 1 行：工号、姓名、各日期）");
        }

        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var everyone = (await employees.ListAsync(new EmployeeQuery(Limit: 1_000_000), cancellationToken))
            .ToDictionary(e => e.UserId, StringComparer.OrdinalIgnoreCase);
        var resolveShift = ShiftResolver(schedule);
        var names = Names(schedule);
        var wanted = new Dictionary<string, Dictionary<DateOnly, string?>>(StringComparer.OrdinalIgnoreCase);
        var rowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        int unchanged = 0, people = 0;
        foreach (var row in rows.Skip(1))
        {
            var number = row.Count > 0 ? row[0].Row : 0;
            var userId = row.FirstOrDefault(c => c.Column == "A").Text ?? "";
            var dated = row.Where(c => columns.ContainsKey(c.Column) && c.Text.Length > 0).ToList();
            if (userId.Length == 0)
            {
                if (dated.Count > 0)
                {
                    refused.Add(new(number, "A", idHeader, null, null, "缺少工号，此行未导入"));
                }

                continue;
            }

            if (!everyone.TryGetValue(userId, out var employee))
            {
                refused.Add(new(number, "A", idHeader, userId, userId, $"未知员工：通讯录中没有工号 {userId}，此行未导入"));
                continue;
            }

            if (rowOf.TryGetValue(employee.UserId, out var earlier))
            {
                refused.Add(new(number, "A", idHeader, userId, userId, $"重复的员工行：工号 {userId} 已在第 {earlier} 行，此行未导入"));
                continue;
            }

            rowOf[employee.UserId] = number;
            if (!employee.Active && employee.LeftOn is null)
            {
                refused.Add(new(number, "A", idHeader, userId, userId, $"员工 {userId} 已停用，此行未导入"));
                continue;
            }

            if (employee.LeftOn is { } left && left < month)
            {
                refused.Add(new(number, "A", idHeader, userId, userId, $"员工 {userId} 已于 {RosterSheet.Header(left)} 离职，此行未导入"));
                continue;
            }

            people++;
                        foreach (var cell in dated)
            {
                var (date, text) = columns[cell.Column];
                if (employee.LeftOn is { } gone && date > gone)
                {
                    refused.Add(new(number, cell.Column, text, userId, cell.Text, $"员工已于 {RosterSheet.Header(gone)} 离职，该日不能排班"));
                    continue;
                }

                var current = Cell(schedule, employee, date);
                if (cell.Text == Text(current, names))
                {
                    unchanged++;
                    continue;
                }

                if (!resolveShift(cell.Text, out var shiftId, out var why))
                {
                    refused.Add(new(number, cell.Column, text, userId, cell.Text, why!));
                    continue;
                }

                if (Same(schedule, employee, date, current, shiftId))
                {
                    unchanged++;
                    continue;
                }

                (wanted.TryGetValue(employee.UserId, out var list) ? list : wanted[employee.UserId] = [])[date] = shiftId;
            }
        }

        var applied = wanted.Values.Sum(d => d.Count);
        var details = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["month"] = monthText,
            ["people"] = people,
            ["applied"] = applied,
            ["unchanged"] = unchanged,
            ["refused"] = refused.Count,
        };
        var write = await WriteAsync(wanted, dryRun, actor, "roster.import", monthText, details, cancellationToken);
        return new RosterImportResult(monthText, dryRun, people, applied, unchanged, write.Created, write.Deleted,
            [.. refused.OrderBy(r => r.Row).ThenBy(r => r.Column.Length).ThenBy(r => r.Column, StringComparer.Ordinal)]);
    }

    /// <summary>The grid's edits; <see cref="Rules.Common.FieldErrors"/> name the refused ones (unknown person or shift).</summary>
    public async Task<RosterCellsResult> SetCellsAsync(IReadOnlyList<RosterCellChange> changes, Rules.Common.FieldErrors errors, string actor,
        CancellationToken cancellationToken)
    {
        var schedule = await days.LoadScheduleAsync(cancellationToken);
        var wanted = new Dictionary<string, Dictionary<DateOnly, string?>>(StringComparer.OrdinalIgnoreCase);
        var unchanged = 0;
        var checkedChanges = new List<(Employee Employee, DateOnly Date, string? ShiftId)>();
        for (var i = 0; i < changes.Count; i++)
        {
            var c = changes[i];
            var employee = c.UserId is null ? null : await employees.GetAsync(c.UserId, cancellationToken);
            errors.Require(employee is not null, $"changes[{i}].userId", "未知员工");
            errors.Require(c.Date is not null && Rules.Common.SupportedDates.Contains(c.Date.Value), $"changes[{i}].date", "日期必填（yyyy-MM-dd）");
            errors.Require(c.ShiftId is null || schedule.Shifts.ContainsKey(c.ShiftId), $"changes[{i}].shiftId", "未知班次");
            if (employee is not null && c.Date is { } date)
            {
                errors.Require(employee.LeftOn is null || date <= employee.LeftOn, $"changes[{i}].date", "员工已离职，该日不能排班");
                checkedChanges.Add((employee, date, c.ShiftId));
            }
        }

        if (!errors.IsEmpty)
        {
            return new RosterCellsResult(0, 0, 0, 0);
        }

        foreach (var (employee, date, shiftId) in checkedChanges)
        {
                        if (Same(schedule, employee, date, Cell(schedule, employee, date), shiftId))
            {
                unchanged++;
                continue;
            }

            (wanted.TryGetValue(employee.UserId, out var list) ? list : wanted[employee.UserId] = [])[date] = shiftId;
        }

        var applied = wanted.Values.Sum(d => d.Count);
        var details = new Dictionary<string, object?>(StringComparer.Ordinal) { ["applied"] = applied, ["unchanged"] = unchanged };
        var write = await WriteAsync(wanted, false, actor, "roster.cells", "grid", details, cancellationToken);
        return new RosterCellsResult(applied, unchanged, write.Created, write.Deleted);
    }

    private async Task<DayRosterWrite> WriteAsync(Dictionary<string, Dictionary<DateOnly, string?>> wanted, bool dryRun, string actor, string action,
        string entityId, Dictionary<string, object?> details, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
        {
            return new DayRosterWrite(0, 0);
        }

        var byUser = wanted.ToDictionary(w => w.Key, w => (IReadOnlyDictionary<DateOnly, string?>)w.Value, StringComparer.OrdinalIgnoreCase);
        if (dryRun)
        {
            int created = 0, deleted = 0;
            foreach (var (userId, dates) in byUser)
            {
                var change = DayRoster.Plan(userId, await assignments.ListAsync(userId, cancellationToken: cancellationToken), dates);
                created += change.Added.Count;
                deleted += change.Removed.Count;
            }

            return new DayRosterWrite(created, deleted);
        }

        var write = await assignments.SetDaysAsync(byUser, actor, action, entityId, details, cancellationToken);
        var all = wanted.Values.SelectMany(d => d.Keys).ToList();
        await days.RecomputeAsync(all.Min(), all.Max(), [.. wanted.Keys], bounded: true, cancellationToken);
        return write;
    }

    /// <summary>True when writing <paramref name="shiftId"/> would change nothing: the date is already worked on that
    /// shift, or is a rest day or holiday and rest was asked, or the person's own assignment already says it.</summary>
    private static bool Same(ScheduleSnapshot schedule, Employee employee, DateOnly date, RosterCellView current, string? shiftId)
    {
        if (shiftId is null ? current.Kind is "rest" or "holiday" : current.Kind == "work" && current.ShiftId == shiftId)
        {
            return true;
        }

        var match = schedule.RosterFor(employee).Resolve(date);
        return match.Assignment is { UserId: not null, FollowsCalendar: false } own && own.ShiftId == shiftId;
    }

    private static RosterCellView Cell(ScheduleSnapshot schedule, Employee employee, DateOnly date)
    {
        var match = schedule.RosterFor(employee).Resolve(date);
        var plan = DayPlanner.Plan(date, schedule.Calendar, schedule.RosterFor(employee));
        var source = match.Assignment is { } a ? a.UserId is not null ? "person" : "department" : null;
        return plan.Kind switch
        {
            DayKind.Workday => new RosterCellView(plan.ShiftId, "work", source),
            DayKind.Holiday => new RosterCellView(null, "holiday", source),
            _ => new RosterCellView(null, match.IsNone ? "none" : "rest", source),
        };
    }

    private static RosterDayView Day(WorkCalendar calendar, DateOnly date)
    {
        var c = calendar.Classify(date);
        var kind = c.Type switch
        {
            CalendarDayType.Workday => "workday",
            CalendarDayType.Holiday => "holiday",
            CalendarDayType.MakeUpWorkday => "makeup",
            _ => "rest",
        };
        return new RosterDayView(date, WorkCalendar.IsoWeekday(date), kind, c.Name);
    }

    private static List<DateOnly> Dates(DateOnly from, DateOnly to)
    {
        var list = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            list.Add(d);
        }

        return list;
    }

    private static string ShiftName(Shift shift) => string.IsNullOrWhiteSpace(shift.Name) ? shift.Id : shift.Name.Trim();

    /// <summary>What the sheet writes for each shift id: its name, or its id when another shift has the same name.</summary>
    private static Dictionary<string, string> Names(IEnumerable<RosterShiftView> shifts)
    {
        var list = shifts.ToList();
        var counts = list.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return list.ToDictionary(s => s.Id, s => counts[s.Name] == 1 && s.Name != RosterSheet.Rest ? s.Name : s.Id, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> Names(ScheduleSnapshot schedule) =>
        Names(schedule.Shifts.Values.Select(s => new RosterShiftView(s.Id, ShiftName(s))));

    private static string Text(RosterCellView cell, Dictionary<string, string> names) => cell.Kind switch
    {
        "work" => cell.ShiftId is { } id && names.TryGetValue(id, out var name) ? name : cell.ShiftId ?? "",
        "none" => "",
        _ => RosterSheet.Rest,
    };

    private delegate bool ShiftLookup(string text, out string? shiftId, out string? why);

    /// <summary>休 (or 休息) is rest; else a shift id, else a shift's name when only one shift has it.</summary>
    private static ShiftLookup ShiftResolver(ScheduleSnapshot schedule)
    {
        var byName = schedule.Shifts.Values.GroupBy(ShiftName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return (string text, out string? shiftId, out string? why) =>
        {
            shiftId = null;
            why = null;
            if (text is RosterSheet.Rest or "休息")
            {
                return true;
            }

            if (schedule.Shifts.ContainsKey(text))
            {
                shiftId = text;
                return true;
            }

            if (byName.TryGetValue(text, out var named))
            {
                if (named.Count == 1)
                {
                    shiftId = named[0].Id;
                    return true;
                }

                why = $"班次名称“{text}”对应多个班次（{string.Join("、", named.Select(s => s.Id))}），请填写班次编号";
                return false;
            }

            why = $"未知班次“{text}”：没有此名称或编号的班次（休息请填“休”）";
            return false;
        };
    }
}
