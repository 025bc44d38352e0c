using Attendance.Data.Punches;
using Attendance.Data.Repositories;
using Attendance.Data.Schedule;
using Attendance.Rules.Calendar;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Punching;
using Attendance.Rules.Schedule;

namespace Attendance.Data.Tests;

public abstract class ScheduleStoreContract(DatabaseProvider provider) : DatabaseTest(provider)
{
    private static readonly DateOnly Monday = new(2026, 3, 2);

    [Fact]
    public async Task Shifts_round_trip_as_their_spec_and_every_change_is_audited()
    {
        Require();
        var repo = new ShiftRepository(Db.Factory, Time);
        var errors = new FieldErrors();
        var shift = ShiftValidator.Validate("night", new ShiftSpec("夜班", [new ClockRangeSpec("22:00", "06:00")], null, null, 5, null, null, null, null,
            null, true, new OvertimeSpec(30, 30, 120)), errors)!;
        Assert.Equal(UpsertOutcome.Created, await repo.UpsertAsync(shift, "admin:t"));
        Assert.Equal(UpsertOutcome.Unchanged, await repo.UpsertAsync(shift, "admin:t"));
        Assert.Equal(UpsertOutcome.Updated, await repo.UpsertAsync(shift with { LateGraceMinutes = 10 }, "admin:t"));
        var back = await repo.GetAsync("night");
        Assert.Equal(ShiftRepository.SpecJson(shift with { LateGraceMinutes = 10 }), ShiftRepository.SpecJson(back!));
        Assert.Single(await repo.ListAsync());
        Assert.True(await repo.DeleteAsync("night", "admin:t"));
        Assert.False(await repo.DeleteAsync("night", "admin:t"));
        var audit = await new AuditRepository(Db.Factory, Time).ListAsync(new AuditQuery(EntityType: "shift"));
        Assert.Equal(["shift.delete", "shift.update", "shift.create"], audit.Select(a => a.Action));
    }

    [Fact]
    public async Task Assignments_keep_weekdays_or_follow_the_calendar_and_overlaps_are_refused()
    {
        Require();
        var repo = new AssignmentRepository(Db.Factory, Time);
        var errors = new FieldErrors();
        var weekdays = AssignmentValidator.Validate(new AssignmentSpec("lina", null, "day", Monday, new DateOnly(2026, 3, 31), [1, 3]), errors)!;
        var calendar = AssignmentValidator.Validate(new AssignmentSpec(null, 7, null, Monday, null, null), errors)!;
        var first = await repo.AddAsync(weekdays, "admin:t");
        Assert.True(first.Stored!.Id > 0);
        Assert.NotNull((await repo.AddAsync(calendar, "admin:t")).Stored);
        var clash = await repo.AddAsync(weekdays with { From = new DateOnly(2026, 3, 10), To = null, WeekdayMask = 0b100 }, "admin:t");
        Assert.Null(clash.Stored);
        Assert.Contains("与已有排班冲突", clash.Conflict, StringComparison.Ordinal);
        Assert.NotNull((await repo.AddAsync(weekdays with { WeekdayMask = 0b10 }, "admin:t")).Stored);

        var mine = await repo.ListAsync(userId: "lina");
        Assert.Equal(2, mine.Count);
        Assert.Equal([1, 3], mine[0].ToSpec().Weekdays);
        var department = Assert.Single(await repo.ListAsync(departmentId: 7));
        Assert.True(department.FollowsCalendar);
        Assert.Null(department.ToSpec().Weekdays);
        Assert.Null(department.To);
        Assert.Equal(first.Stored.Id, (await repo.DeleteAsync(first.Stored.Id, "admin:t"))!.Id);
        Assert.Null(await repo.DeleteAsync(first.Stored.Id, "admin:t"));
        Assert.Equal(2, (await repo.ListAsync()).Count);
    }

    [Fact]
    public async Task Calendar_overrides_win_over_the_seed()
    {
        Require();
        var repo = new CalendarRepository(Db.Factory, Time);
        var day = new CalendarDay(new DateOnly(2026, 10, 10), CalendarEntryKind.Rest, "取消调休");
        Assert.Equal(UpsertOutcome.Created, await repo.UpsertAsync(day, "admin:t"));
        Assert.Equal(UpsertOutcome.Unchanged, await repo.UpsertAsync(day, "admin:t"));
        Assert.Equal(UpsertOutcome.Updated, await repo.UpsertAsync(day with { Name = "公司休息" }, "admin:t"));
        Assert.Equal("公司休息", Assert.Single(await repo.ListAsync()).Name);
        var calendar = await repo.LoadCalendarAsync();
        Assert.Equal(CalendarDayType.Rest, calendar.Classify(new DateOnly(2026, 10, 10)).Type);
        Assert.Equal(CalendarDayType.MakeUpWorkday, calendar.Classify(new DateOnly(2026, 9, 20)).Type);
    }

    [Fact]
    public async Task Leaves_and_corrections_are_stored_counted_and_decided_once()
    {
        Require();
        var leaves = new LeaveRepository(Db.Factory, Time);
        var from = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        var leave = await leaves.AddAsync(new LeaveRecord(0, "zhoujie", from, from.AddHours(9), "年假", true), "admin:t");
        Assert.Single(await leaves.ListOverlappingAsync(from.AddHours(8), from.AddDays(1)));
        Assert.Empty(await leaves.ListOverlappingAsync(from.AddHours(9), from.AddDays(1)));
        Assert.Empty(await leaves.ListOverlappingAsync(from, from.AddDays(1), "lina"));
        Assert.NotNull(await leaves.DeleteAsync(leave.Id, "admin:t"));
        Assert.Empty(await leaves.ListOverlappingAsync(from, from.AddDays(1)));

        var corrections = new CorrectionRepository(Db.Factory, Time);
        var asked = await corrections.AddAsync(new Correction(0, "lina", Monday, PunchKind.In, from, "忘记打卡", "", null, null, default), "user:lina");
        Assert.Equal(CorrectionStates.Pending, asked.State);
        await corrections.AddAsync(new Correction(0, "lina", Monday, PunchKind.Out, from.AddHours(9), "手机没电", "", null, null, default), "user:lina");
        Assert.Equal(2, await corrections.CountActiveAsync("lina", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31)));
        var approved = await corrections.DecideAsync(asked.Id, true, "admin:t");
        Assert.Equal(CorrectionStates.Approved, approved!.State);
        Assert.Equal("admin:t", approved.DecidedBy);
        Assert.Null(await corrections.DecideAsync(asked.Id, false, "admin:t"));
        var approvedList = Assert.Single(await corrections.ListApprovedAsync(Monday, Monday));
        Assert.Equal(from, approvedList.Time);
        Assert.Equal(PunchKind.In, approvedList.Kind);
        Assert.Equal(2, (await corrections.ListForUserAsync("lina")).Count);
    }

    [Fact]
    public async Task Day_results_upsert_in_bulk_and_read_back_with_every_counter()
    {
        Require();
        var repo = new DayResultRepository(Db.Factory);
        var at = new DateTimeOffset(2026, 3, 2, 1, 6, 0, TimeSpan.Zero);
        var days = Enumerable.Range(0, 150).Select(i => new DayResult
        {
            UserId = "u" + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
            WorkDate = Monday,
            ShiftId = i % 2 == 0 ? "day" : null,
            Kind = i % 2 == 0 ? DayKind.Workday : DayKind.Rest,
            Status = i % 2 == 0 ? DayStatus.SeriousLate : DayStatus.Rest,
            Anomalies = i % 2 == 0 ? DayAnomalies.SeriousLate | DayAnomalies.EarlyLeave : DayAnomalies.None,
            FirstIn = i % 2 == 0 ? at : null,
            LateMinutes = 36,
            EarlyLeaveMinutes = 4,
            WorkedMinutes = 440,
            OvertimeMinutes = 45,
            LeaveMinutes = 60,
            MissingPunches = 1,
            PunchesInReview = 2,
            FieldPunches = 3,
            LocationExceptions = 1,
            Employed = true,
            IsFinal = i % 3 == 0,
            FinalAt = at.AddHours(13),
        }).ToList();
        Assert.Equal(150, await repo.UpsertManyAsync(days, at));
        Assert.Equal(150, await repo.UpsertManyAsync(days.Select(d => d with { LateMinutes = 40 }).ToList(), at));
        var back = await repo.ListForDatesAsync(Monday, Monday);
        Assert.Equal(150, back.Count);
        var first = back[0];
        Assert.Equal(days[0] with { LateMinutes = 40 }, first);
        Assert.Equal(["serious_late", "early_leave"], first.AnomalyNames);
        Assert.Equal(days[1] with { LateMinutes = 40 }, back[1]);
        Assert.Single(await repo.ListForUserAsync("u001", Monday.AddDays(-1), Monday));
    }

    [Fact]
    public async Task Day_inputs_load_employees_around_a_date_and_punch_facts()
    {
        Require();
        var employees = new EmployeeRepository(Db.Factory, Time);
        await employees.UpsertAsync(new Employee("lina", "李娜", [1, 2], 2, [], true, [Role.Employee], null, null), "admin:t");
        await employees.UpsertAsync(new Employee("gone", "离职", [1], 1, [], false, [Role.Employee], null, new DateOnly(2026, 2, 1)), "admin:t");
        var inputs = new DayInputRepository(Db.Factory);
        var around = await inputs.ListEmployeesAsync(Monday);
        var lina = Assert.Single(around);
        Assert.Equal([1L, 2L], lina.DepartmentIds);
        Assert.Equal(2, lina.MainDepartmentId);
        Assert.Equal(2, (await inputs.ListEmployeesAsync(new DateOnly(2026, 1, 15))).Count);

        var punches = new PunchRepository(Db.Factory);
        var at = new DateTimeOffset(2026, 3, 2, 0, 58, 0, TimeSpan.Zero);
        await punches.InsertAsync(new StoredPunch(0, "lina", "import:kiosk:1", PunchSources.Kiosk, PunchKind.In, at, null, at, Monday, PunchVerdict.Review,
            null, 40, "已提交", null, null, null, null, null, null, null, "k1", null, null, true, false, null, null, null, "h", []));
        var fact = Assert.Single(await inputs.ListPunchesAsync(Monday, Monday));
        Assert.Equal(at, fact.CaptureTime);
        Assert.Equal(Monday, fact.WorkDate);
        Assert.True(fact.AwaitsReview);
        Assert.False(fact.Counts);
        Assert.True(fact.IsField);
        Assert.Single(await inputs.ListPunchesAsync(Monday, Monday, "lina"));
        Assert.Empty(await inputs.ListPunchesAsync(Monday.AddDays(1), Monday.AddDays(2)));
    }
}

public sealed class SqliteScheduleStoreTests() : ScheduleStoreContract(DatabaseProvider.Sqlite);

public sealed class PostgresScheduleStoreTests() : ScheduleStoreContract(DatabaseProvider.Postgres);

public sealed class SqlServerScheduleStoreTests() : ScheduleStoreContract(DatabaseProvider.SqlServer);
