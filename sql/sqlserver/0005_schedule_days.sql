-- Shifts, rosters, calendar overrides, leave, 补卡 corrections and evaluated days.
-- A shift is stored as its validated spec (JSON); weekdays null on an assignment means "follows the calendar".
IF OBJECT_ID(N'dbo.shifts', N'U') IS NULL
CREATE TABLE dbo.shifts (
    id          nvarchar(64) NOT NULL PRIMARY KEY,
    name        nvarchar(64) NOT NULL,
    spec        nvarchar(max) NOT NULL,
    created_at  datetimeoffset NOT NULL,
    updated_at  datetimeoffset NOT NULL
);

IF OBJECT_ID(N'dbo.assignments', N'U') IS NULL
CREATE TABLE dbo.assignments (
    id             bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    user_id        nvarchar(64) NULL,
    department_id  bigint NULL,
    shift_id       nvarchar(64) NULL,
    from_date      date NOT NULL,
    to_date        date NULL,
    weekdays       nvarchar(max) NULL,
    created_at     datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_assignments_user')
    CREATE INDEX ix_assignments_user ON dbo.assignments (user_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_assignments_department')
    CREATE INDEX ix_assignments_department ON dbo.assignments (department_id);

-- HR overrides of the shipped China calendar (WorkCalendar.China): an override wins for its date.
IF OBJECT_ID(N'dbo.calendar_days', N'U') IS NULL
CREATE TABLE dbo.calendar_days (
    calendar_date  date NOT NULL PRIMARY KEY,
    kind           nvarchar(64) NOT NULL,
    name           nvarchar(64) NOT NULL,
    updated_at     datetimeoffset NOT NULL
);

IF OBJECT_ID(N'dbo.leaves', N'U') IS NULL
CREATE TABLE dbo.leaves (
    id          bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    user_id     nvarchar(64) NOT NULL,
    from_time   datetimeoffset NOT NULL,
    to_time     datetimeoffset NOT NULL,
    kind        nvarchar(64) NOT NULL,
    approved    bit NOT NULL,
    created_by  nvarchar(64) NOT NULL,
    created_at  datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_leaves_user')
    CREATE INDEX ix_leaves_user ON dbo.leaves (user_id, from_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_leaves_time')
    CREATE INDEX ix_leaves_time ON dbo.leaves (from_time, to_time);

IF OBJECT_ID(N'dbo.corrections', N'U') IS NULL
CREATE TABLE dbo.corrections (
    id          bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    user_id     nvarchar(64) NOT NULL,
    work_date   date NOT NULL,
    kind        nvarchar(64) NOT NULL,
    punch_time  datetimeoffset NOT NULL,
    reason      nvarchar(200) NOT NULL,
    state       nvarchar(64) NOT NULL,
    decided_by  nvarchar(64) NULL,
    decided_at  datetimeoffset NULL,
    created_at  datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_corrections_user')
    CREATE INDEX ix_corrections_user ON dbo.corrections (user_id, work_date);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_corrections_work_date')
    CREATE INDEX ix_corrections_work_date ON dbo.corrections (work_date, state);

IF OBJECT_ID(N'dbo.day_results', N'U') IS NULL
CREATE TABLE dbo.day_results (
    user_id              nvarchar(64) NOT NULL,
    work_date            date NOT NULL,
    shift_id             nvarchar(64) NULL,
    kind                 nvarchar(64) NOT NULL,
    status               nvarchar(64) NOT NULL,
    anomalies            nvarchar(max) NOT NULL,
    first_in             datetimeoffset NULL,
    last_out             datetimeoffset NULL,
    late_minutes         int NOT NULL,
    early_leave_minutes  int NOT NULL,
    worked_minutes       int NOT NULL,
    overtime_minutes     int NOT NULL,
    leave_minutes        int NOT NULL,
    missing_punches      int NOT NULL,
    punches_in_review    int NOT NULL,
    field_punches        int NOT NULL,
    location_exceptions  int NOT NULL,
    employed             bit NOT NULL,
    is_final             bit NOT NULL,
    final_at             datetimeoffset NOT NULL,
    computed_at          datetimeoffset NOT NULL,
    PRIMARY KEY (user_id, work_date)
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_day_results_date')
    CREATE INDEX ix_day_results_date ON dbo.day_results (work_date, status);
