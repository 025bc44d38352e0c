using Attendance.Data.Schedule;
using Attendance.Rules.Calendar;
using Attendance.Rules.Common;
using Attendance.Rules.Directory;
using Attendance.Rules.Schedule;

namespace Attendance.Data.Tests.Schedule;

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
        (await repo.UpsertAsync(shift, "admin:t")).Should().Be(UpsertOutcome.Created);
        (await repo.UpsertAsync(shift, "admin:t")).Should().Be(UpsertOutcome.Unchanged);
        (await repo.UpsertAsync(shift with { LateGraceMinutes = 10 }, "admin:t")).Should().Be(UpsertOutcome.Updated);
        var back = await repo.GetAsync("night");
        ShiftRepository.SpecJson(back!).Should().Be(ShiftRepository.SpecJson(shift with { LateGraceMinutes = 10 }));
        (await repo.ListAsync()).Should().ContainSingle();
        (await repo.DeleteAsync("night", "admin:t")).Should().BeTrue();
        (await repo.DeleteAsync("night", "admin:t")).Should().BeFalse();
        var audit = await new AuditRepository(Db.Factory, Time).ListAsync(new AuditQuery(EntityType: "shift"));
        audit.Select(a => a.Action).Should().Equal(["shift.delete", "shift.update", "shift.create"]);
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
        first.Stored!.Id.Should().BeGreaterThan(0);
        (await repo.AddAsync(calendar, "admin:t")).Stored.Should().NotBeNull();
        var clash = await repo.AddAsync(weekdays with { From = new DateOnly(2026, 3, 10), To = null, WeekdayMask = 0b100 }, "admin:t");
        clash.Stored.Should().BeNull();
        clash.Conflict.Should().Contain("与已有排班冲突");
        (await repo.AddAsync(weekdays with { WeekdayMask = 0b10 }, "admin:t")).Stored.Should().NotBeNull();

        var mine = await repo.ListAsync(userId: "lina");
        mine.Count.Should().Be(2);
        mine[0].ToSpec().Weekdays.Should().Equal([1, 3]);
        var department = (await repo.ListAsync(departmentId: 7)).Should().ContainSingle().Which;
        department.FollowsCalendar.Should().BeTrue();
        department.ToSpec().Weekdays.Should().BeNull();
        department.To.Should().BeNull();
        (await repo.DeleteAsync(first.Stored.Id, "admin:t"))!.Id.Should().Be(first.Stored.Id);
        (await repo.DeleteAsync(first.Stored.Id, "admin:t")).Should().BeNull();
        (await repo.ListAsync()).Count.Should().Be(2);
    }

    [Fact]
    public async Task Calendar_overrides_win_over_the_seed()
    {
        Require();
        var repo = new CalendarRepository(Db.Factory, Time);
        var day = new CalendarDay(new DateOnly(2026, 10, 10), CalendarEntryKind.Rest, "取消调休");
        (await repo.UpsertAsync(day, "admin:t")).Should().Be(UpsertOutcome.Created);
        (await repo.UpsertAsync(day, "admin:t")).Should().Be(UpsertOutcome.Unchanged);
        (await repo.UpsertAsync(day with { Name = "公司休息" }, "admin:t")).Should().Be(UpsertOutcome.Updated);
        (await repo.ListAsync()).Should().ContainSingle().Which.Name.Should().Be("公司休息");
        var calendar = await repo.LoadCalendarAsync();
        calendar.Classify(new DateOnly(2026, 10, 10)).Type.Should().Be(CalendarDayType.Rest);
        calendar.Classify(new DateOnly(2026, 9, 20)).Type.Should().Be(CalendarDayType.MakeUpWorkday);

        (await repo.DeleteAsync(day.Date, "admin:t")).Should().BeTrue();
        (await repo.DeleteAsync(day.Date, "admin:t")).Should().BeFalse();
        (await repo.ListAsync()).Should().BeEmpty();
        var audit = await new AuditRepository(Db.Factory, Time).ListAsync(new AuditQuery(EntityType: "calendar_day"));
        audit.Select(a => a.Action).Should().Equal(["calendar.delete", "calendar.set", "calendar.set"]);
        audit[0].EntityId.Should().Be("2026-10-10");
    }

    [Fact]
    public async Task Leaves_and_corrections_are_stored_counted_and_decided_once()
    {
        Require();
        var leaves = new LeaveRepository(Db.Factory, Time);
        var from = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
        var leave = await leaves.AddAsync(new LeaveRecord(0, "zhoujie", from, from.AddHours(9), "年假", true), "admin:t");
        (await leaves.ListOverlappingAsync(from.AddHours(8), from.AddDays(1))).Should().ContainSingle();
        (await leaves.ListOverlappingAsync(from.AddHours(9), from.AddDays(1))).Should().BeEmpty();
        (await leaves.ListOverlappingAsync(from, from.AddDays(1), "lina")).Should().BeEmpty();
        (await leaves.DeleteAsync(leave.Id, "admin:t")).Should().NotBeNull();
        (await leaves.ListOverlappingAsync(from, from.AddDays(1))).Should().BeEmpty();

        var corrections = new CorrectionRepository(Db.Factory, Time);
        var asked = await corrections.AddAsync(new Correction(0, "lina", Monday, PunchKind.In, from, "忘记打卡", "", null, null, default), "user:lina");
        asked.State.Should().Be(CorrectionStates.Pending);
        await corrections.AddAsync(new Correction(0, "lina", Monday, PunchKind.Out, from.AddHours(9), "手机没电", "", null, null, default), "user:lina");
        (await corrections.CountActiveAsync("lina", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31))).Should().Be(2);
        var approved = await corrections.DecideAsync(asked.Id, true, "admin:t");
        approved!.State.Should().Be(CorrectionStates.Approved);
        approved.DecidedBy.Should().Be("admin:t");
        (await corrections.DecideAsync(asked.Id, false, "admin:t")).Should().BeNull();
        var approvedList = (await corrections.ListApprovedAsync(Monday, Monday)).Should().ContainSingle().Which;
        approvedList.Time.Should().Be(from);
        approvedList.Kind.Should().Be(PunchKind.In);
        (await corrections.ListForUserAsync("lina")).Count.Should().Be(2);
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
        (await repo.UpsertManyAsync(days, at)).Should().Be(150);
        (await repo.UpsertManyAsync(days.Select(d => d with { LateMinutes = 40 }).ToList(), at)).Should().Be(150);
        var back = await repo.ListForDatesAsync(Monday, Monday);
        back.Count.Should().Be(150);
        var first = back[0];
        first.Should().Be(days[0] with { LateMinutes = 40 });
        first.AnomalyNames.Should().Equal(["serious_late", "early_leave"]);
        back[1].Should().Be(days[1] with { LateMinutes = 40 });
        (await repo.ListForUserAsync("u001", Monday.AddDays(-1), Monday)).Should().ContainSingle();
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
        var lina = around.Should().ContainSingle().Which;
        lina.DepartmentIds.Should().Equal([1L, 2L]);
        lina.MainDepartmentId.Should().Be(2);
        (await inputs.ListEmployeesAsync(new DateOnly(2026, 1, 15))).Count.Should().Be(2);

        var punches = new PunchRepository(Db.Factory);
        var at = new DateTimeOffset(2026, 3, 2, 0, 58, 0, TimeSpan.Zero);
        await punches.InsertAsync(new StoredPunch(0, "lina", "import:kiosk:1", PunchSources.Kiosk, PunchKind.In, at, null, at, Monday, PunchVerdict.Review,
            null, 40, "已提交", null, null, null, null, null, null, null, "k1", null, null, true, false, null, null, null, "h", []));
        var fact = (await inputs.ListPunchesAsync(Monday, Monday)).Should().ContainSingle().Which;
        fact.CaptureTime.Should().Be(at);
        fact.WorkDate.Should().Be(Monday);
        fact.AwaitsReview.Should().BeTrue();
        fact.Counts.Should().BeFalse();
        fact.IsField.Should().BeTrue();
        (await inputs.ListPunchesAsync(Monday, Monday, "lina")).Should().ContainSingle();
        (await inputs.ListPunchesAsync(Monday.AddDays(1), Monday.AddDays(2))).Should().BeEmpty();
    }
}

public sealed class SqliteScheduleStoreTests() : ScheduleStoreContract(DatabaseProvider.Sqlite);

public sealed class PostgresScheduleStoreTests() : ScheduleStoreContract(DatabaseProvider.Postgres);

public sealed class SqlServerScheduleStoreTests() : ScheduleStoreContract(DatabaseProvider.SqlServer);
