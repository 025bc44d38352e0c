-- Shifts, rosters, calendar overrides, leave, 补卡 corrections and evaluated days.
-- A shift is stored as its validated spec (JSON); weekdays null on an assignment means "follows the calendar".
CREATE TABLE IF NOT EXISTS shifts (
    id          TEXT NOT NULL PRIMARY KEY,
    name        TEXT NOT NULL,
    spec        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS assignments (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id        TEXT NULL,
    department_id  INTEGER NULL,
    shift_id       TEXT NULL,
    from_date      TEXT NOT NULL,
    to_date        TEXT NULL,
    weekdays       TEXT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_assignments_user ON assignments (user_id);
CREATE INDEX IF NOT EXISTS ix_assignments_department ON assignments (department_id);

-- HR overrides of the shipped China calendar (WorkCalendar.China): an override wins for its date.
CREATE TABLE IF NOT EXISTS calendar_days (
    calendar_date  TEXT NOT NULL PRIMARY KEY,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS leaves (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL,
    from_time   TEXT NOT NULL,
    to_time     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    approved    INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_leaves_user ON leaves (user_id, from_time);
CREATE INDEX IF NOT EXISTS ix_leaves_time ON leaves (from_time, to_time);

CREATE TABLE IF NOT EXISTS corrections (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id     TEXT NOT NULL,
    work_date   TEXT NOT NULL,
    kind        TEXT NOT NULL,
    punch_time  TEXT NOT NULL,
    reason      TEXT NOT NULL,
    state       TEXT NOT NULL,
    decided_by  TEXT NULL,
    decided_at  TEXT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_corrections_user ON corrections (user_id, work_date);
CREATE INDEX IF NOT EXISTS ix_corrections_work_date ON corrections (work_date, state);

CREATE TABLE IF NOT EXISTS day_results (
    user_id              TEXT NOT NULL,
    work_date            TEXT NOT NULL,
    shift_id             TEXT NULL,
    kind                 TEXT NOT NULL,
    status               TEXT NOT NULL,
    anomalies            TEXT NOT NULL,
    first_in             TEXT NULL,
    last_out             TEXT NULL,
    late_minutes         INTEGER NOT NULL,
    early_leave_minutes  INTEGER NOT NULL,
    worked_minutes       INTEGER NOT NULL,
    overtime_minutes     INTEGER NOT NULL,
    leave_minutes        INTEGER NOT NULL,
    missing_punches      INTEGER NOT NULL,
    punches_in_review    INTEGER NOT NULL,
    field_punches        INTEGER NOT NULL,
    location_exceptions  INTEGER NOT NULL,
    employed             INTEGER NOT NULL,
    is_final             INTEGER NOT NULL,
    final_at             TEXT NOT NULL,
    computed_at          TEXT NOT NULL,
    PRIMARY KEY (user_id, work_date)
);
CREATE INDEX IF NOT EXISTS ix_day_results_date ON day_results (work_date, status);
