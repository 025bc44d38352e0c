-- Foundation schema: directory (departments, employees), sites and the audit trail.
-- Additive and re-runnable: every object is created only when missing.
CREATE TABLE IF NOT EXISTS departments (
    id                INTEGER NOT NULL PRIMARY KEY,
    name              TEXT    NOT NULL,
    parent_id         INTEGER NULL,
    digest_robot_key  TEXT    NULL,
    digest_chat_id    TEXT    NULL,
    digest_cron       TEXT    NULL,
    digest_time_zone  TEXT    NULL,
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_departments_parent ON departments (parent_id);

CREATE TABLE IF NOT EXISTS department_leaders (
    department_id  INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE,
    user_id        TEXT    NOT NULL,
    PRIMARY KEY (department_id, user_id)
);
CREATE INDEX IF NOT EXISTS ix_department_leaders_user ON department_leaders (user_id);

CREATE TABLE IF NOT EXISTS employees (
    user_id             TEXT    NOT NULL PRIMARY KEY,
    name                TEXT    NOT NULL,
    main_department_id  INTEGER NOT NULL,
    active              INTEGER NOT NULL,
    roles               TEXT    NOT NULL,
    joined_on           TEXT    NULL,
    left_on             TEXT    NULL,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_employees_name ON employees (name);

CREATE TABLE IF NOT EXISTS employee_departments (
    user_id        TEXT    NOT NULL REFERENCES employees (user_id) ON DELETE CASCADE,
    department_id  INTEGER NOT NULL,
    PRIMARY KEY (user_id, department_id)
);
CREATE INDEX IF NOT EXISTS ix_employee_departments_department ON employee_departments (department_id);

CREATE TABLE IF NOT EXISTS employee_leaders (
    user_id         TEXT NOT NULL REFERENCES employees (user_id) ON DELETE CASCADE,
    leader_user_id  TEXT NOT NULL,
    PRIMARY KEY (user_id, leader_user_id)
);
CREATE INDEX IF NOT EXISTS ix_employee_leaders_leader ON employee_leaders (leader_user_id);

CREATE TABLE IF NOT EXISTS sites (
    id                 TEXT    NOT NULL PRIMARY KEY,
    name               TEXT    NOT NULL,
    coordinate_system  TEXT    NOT NULL,
    center_latitude    REAL    NULL,
    center_longitude   REAL    NULL,
    radius_meters      REAL    NULL,
    polygon            TEXT    NULL,
    wifi               TEXT    NOT NULL,
    department_ids     TEXT    NOT NULL,
    out_of_range       TEXT    NOT NULL,
    require_photo      INTEGER NOT NULL,
    require_face       INTEGER NOT NULL,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
    id           INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at           TEXT    NOT NULL,
    actor        TEXT    NOT NULL,
    action       TEXT    NOT NULL,
    entity_type  TEXT    NOT NULL,
    entity_id    TEXT    NOT NULL,
    details      TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_audit_log_at ON audit_log (at);
CREATE INDEX IF NOT EXISTS ix_audit_log_entity ON audit_log (entity_type, entity_id);
