-- Quartz.NET AdoJobStore tables (layout of quartznet database/tables/tables_sqlServer.sql for Quartz 4.7.3),
-- created only when missing so that the script is re-runnable and never drops a live scheduler's state.
IF OBJECT_ID(N'dbo.qrtz_job_details', N'U') IS NULL
CREATE TABLE dbo.qrtz_job_details (
    sched_name        nvarchar(120) NOT NULL,
    job_name          nvarchar(150) NOT NULL,
    job_group         nvarchar(150) NOT NULL,
    description       nvarchar(250) NULL,
    job_class_name    nvarchar(250) NOT NULL,
    is_durable        bit NOT NULL,
    is_nonconcurrent  bit NOT NULL,
    is_update_data    bit NOT NULL,
    requests_recovery bit NOT NULL,
    job_data          varbinary(max) NULL,
    PRIMARY KEY (sched_name, job_name, job_group)
);

IF OBJECT_ID(N'dbo.qrtz_triggers', N'U') IS NULL
CREATE TABLE dbo.qrtz_triggers (
    sched_name             nvarchar(120) NOT NULL,
    trigger_name           nvarchar(150) NOT NULL,
    trigger_group          nvarchar(150) NOT NULL,
    job_name               nvarchar(150) NOT NULL,
    job_group              nvarchar(150) NOT NULL,
    description            nvarchar(250) NULL,
    next_fire_time         bigint NULL,
    prev_fire_time         bigint NULL,
    priority               int NULL,
    trigger_state          nvarchar(16) NOT NULL,
    trigger_type           nvarchar(8) NOT NULL,
    start_time             bigint NOT NULL,
    end_time               bigint NULL,
    calendar_name          nvarchar(200) NULL,
    misfire_instr          int NULL,
    misfire_orig_fire_time bigint NULL,
    execution_group        nvarchar(200) NULL,
    preferred_node         nvarchar(200) NULL,
    preferred_node_auto    bit NOT NULL DEFAULT 0,
    job_data               varbinary(max) NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, job_name, job_group) REFERENCES dbo.qrtz_job_details (sched_name, job_name, job_group)
);

IF OBJECT_ID(N'dbo.qrtz_simple_triggers', N'U') IS NULL
CREATE TABLE dbo.qrtz_simple_triggers (
    sched_name      nvarchar(120) NOT NULL,
    trigger_name    nvarchar(150) NOT NULL,
    trigger_group   nvarchar(150) NOT NULL,
    repeat_count    int NOT NULL,
    repeat_interval bigint NOT NULL,
    times_triggered int NOT NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES dbo.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'dbo.qrtz_simprop_triggers', N'U') IS NULL
CREATE TABLE dbo.qrtz_simprop_triggers (
    sched_name    nvarchar(120) NOT NULL,
    trigger_name  nvarchar(150) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    str_prop_1    nvarchar(512) NULL,
    str_prop_2    nvarchar(512) NULL,
    str_prop_3    nvarchar(512) NULL,
    int_prop_1    int NULL,
    int_prop_2    int NULL,
    long_prop_1   bigint NULL,
    long_prop_2   bigint NULL,
    dec_prop_1    numeric(13,4) NULL,
    dec_prop_2    numeric(13,4) NULL,
    bool_prop_1   bit NULL,
    bool_prop_2   bit NULL,
    time_zone_id  nvarchar(80) NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES dbo.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'dbo.qrtz_cron_triggers', N'U') IS NULL
CREATE TABLE dbo.qrtz_cron_triggers (
    sched_name      nvarchar(120) NOT NULL,
    trigger_name    nvarchar(150) NOT NULL,
    trigger_group   nvarchar(150) NOT NULL,
    cron_expression nvarchar(120) NOT NULL,
    time_zone_id    nvarchar(80) NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES dbo.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'dbo.qrtz_blob_triggers', N'U') IS NULL
CREATE TABLE dbo.qrtz_blob_triggers (
    sched_name    nvarchar(120) NOT NULL,
    trigger_name  nvarchar(150) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    blob_data     varbinary(max) NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES dbo.qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
);

IF OBJECT_ID(N'dbo.qrtz_calendars', N'U') IS NULL
CREATE TABLE dbo.qrtz_calendars (
    sched_name    nvarchar(120) NOT NULL,
    calendar_name nvarchar(200) NOT NULL,
    calendar      varbinary(max) NOT NULL,
    PRIMARY KEY (sched_name, calendar_name)
);

IF OBJECT_ID(N'dbo.qrtz_paused_trigger_grps', N'U') IS NULL
CREATE TABLE dbo.qrtz_paused_trigger_grps (
    sched_name    nvarchar(120) NOT NULL,
    trigger_group nvarchar(150) NOT NULL,
    PRIMARY KEY (sched_name, trigger_group)
);

IF OBJECT_ID(N'dbo.qrtz_fired_triggers', N'U') IS NULL
CREATE TABLE dbo.qrtz_fired_triggers (
    sched_name        nvarchar(120) NOT NULL,
    entry_id          nvarchar(140) NOT NULL,
    trigger_name      nvarchar(150) NOT NULL,
    trigger_group     nvarchar(150) NOT NULL,
    instance_name     nvarchar(200) NOT NULL,
    fired_time        bigint NOT NULL,
    sched_time        bigint NOT NULL,
    priority          int NOT NULL,
    state             nvarchar(16) NOT NULL,
    job_name          nvarchar(150) NULL,
    job_group         nvarchar(150) NULL,
    is_nonconcurrent  bit NOT NULL,
    requests_recovery bit NULL,
    execution_group   nvarchar(200) NULL,
    PRIMARY KEY (sched_name, entry_id)
);

IF OBJECT_ID(N'dbo.qrtz_scheduler_state', N'U') IS NULL
CREATE TABLE dbo.qrtz_scheduler_state (
    sched_name        nvarchar(120) NOT NULL,
    instance_name     nvarchar(200) NOT NULL,
    last_checkin_time bigint NOT NULL,
    checkin_interval  bigint NOT NULL,
    PRIMARY KEY (sched_name, instance_name)
);

IF OBJECT_ID(N'dbo.qrtz_locks', N'U') IS NULL
CREATE TABLE dbo.qrtz_locks (
    sched_name nvarchar(120) NOT NULL,
    lock_name  nvarchar(40) NOT NULL,
    PRIMARY KEY (sched_name, lock_name)
);

IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_j_g_n')
    CREATE INDEX idx_qrtz_j_g_n ON dbo.qrtz_job_details (sched_name, job_group, job_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_t_j')
    CREATE INDEX idx_qrtz_t_j ON dbo.qrtz_triggers (sched_name, job_name, job_group);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_t_c')
    CREATE INDEX idx_qrtz_t_c ON dbo.qrtz_triggers (sched_name, calendar_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_t_g_n')
    CREATE INDEX idx_qrtz_t_g_n ON dbo.qrtz_triggers (sched_name, trigger_group, trigger_name);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_t_nft_st')
    CREATE INDEX idx_qrtz_t_nft_st ON dbo.qrtz_triggers (sched_name, trigger_state, next_fire_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_ft_inst_job_req_rcvry')
    CREATE INDEX idx_qrtz_ft_inst_job_req_rcvry ON dbo.qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_ft_j_g')
    CREATE INDEX idx_qrtz_ft_j_g ON dbo.qrtz_fired_triggers (sched_name, job_name, job_group);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'idx_qrtz_ft_t_g')
    CREATE INDEX idx_qrtz_ft_t_g ON dbo.qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
