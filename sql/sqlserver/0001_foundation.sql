-- Foundation schema: directory (departments, employees), sites and the audit trail.
-- Additive and re-runnable: every object is created only when missing.
IF OBJECT_ID(N'dbo.departments', N'U') IS NULL
CREATE TABLE dbo.departments (
    id                bigint         NOT NULL PRIMARY KEY,
    name              nvarchar(64)   NOT NULL,
    parent_id         bigint         NULL,
    digest_robot_key  nvarchar(128)  NULL,
    digest_chat_id    nvarchar(64)   NULL,
    digest_cron       nvarchar(120)  NULL,
    digest_time_zone  nvarchar(64)   NULL,
    created_at        datetimeoffset NOT NULL,
    updated_at        datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_departments_parent')
    CREATE INDEX ix_departments_parent ON dbo.departments (parent_id);

IF OBJECT_ID(N'dbo.department_leaders', N'U') IS NULL
CREATE TABLE dbo.department_leaders (
    department_id  bigint       NOT NULL REFERENCES dbo.departments (id) ON DELETE CASCADE,
    user_id        nvarchar(64) NOT NULL,
    PRIMARY KEY (department_id, user_id)
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_department_leaders_user')
    CREATE INDEX ix_department_leaders_user ON dbo.department_leaders (user_id);

IF OBJECT_ID(N'dbo.employees', N'U') IS NULL
CREATE TABLE dbo.employees (
    user_id             nvarchar(64)   NOT NULL PRIMARY KEY,
    name                nvarchar(64)   NOT NULL,
    main_department_id  bigint         NOT NULL,
    active              bit            NOT NULL,
    roles               nvarchar(100)  NOT NULL,
    joined_on           date           NULL,
    left_on             date           NULL,
    created_at          datetimeoffset NOT NULL,
    updated_at          datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_employees_name')
    CREATE INDEX ix_employees_name ON dbo.employees (name);

IF OBJECT_ID(N'dbo.employee_departments', N'U') IS NULL
CREATE TABLE dbo.employee_departments (
    user_id        nvarchar(64) NOT NULL REFERENCES dbo.employees (user_id) ON DELETE CASCADE,
    department_id  bigint       NOT NULL,
    PRIMARY KEY (user_id, department_id)
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_employee_departments_department')
    CREATE INDEX ix_employee_departments_department ON dbo.employee_departments (department_id);

IF OBJECT_ID(N'dbo.employee_leaders', N'U') IS NULL
CREATE TABLE dbo.employee_leaders (
    user_id         nvarchar(64) NOT NULL REFERENCES dbo.employees (user_id) ON DELETE CASCADE,
    leader_user_id  nvarchar(64) NOT NULL,
    PRIMARY KEY (user_id, leader_user_id)
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_employee_leaders_leader')
    CREATE INDEX ix_employee_leaders_leader ON dbo.employee_leaders (leader_user_id);

IF OBJECT_ID(N'dbo.sites', N'U') IS NULL
CREATE TABLE dbo.sites (
    id                 nvarchar(64)   NOT NULL PRIMARY KEY,
    name               nvarchar(100)  NOT NULL,
    coordinate_system  nvarchar(8)    NOT NULL,
    center_latitude    float          NULL,
    center_longitude   float          NULL,
    radius_meters      float          NULL,
    polygon            nvarchar(max)  NULL,
    wifi               nvarchar(max)  NOT NULL,
    department_ids     nvarchar(max)  NOT NULL,
    out_of_range       nvarchar(16)   NOT NULL,
    require_photo      bit            NOT NULL,
    require_face       bit            NOT NULL,
    created_at         datetimeoffset NOT NULL,
    updated_at         datetimeoffset NOT NULL
);

IF OBJECT_ID(N'dbo.audit_log', N'U') IS NULL
CREATE TABLE dbo.audit_log (
    id           bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    at           datetimeoffset NOT NULL,
    actor        nvarchar(100)  NOT NULL,
    action       nvarchar(64)   NOT NULL,
    entity_type  nvarchar(64)   NOT NULL,
    entity_id    nvarchar(100)  NOT NULL,
    details      nvarchar(max)  NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_audit_log_at')
    CREATE INDEX ix_audit_log_at ON dbo.audit_log (at);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_audit_log_entity')
    CREATE INDEX ix_audit_log_entity ON dbo.audit_log (entity_type, entity_id);
