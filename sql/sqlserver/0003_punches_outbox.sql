-- Punches with their findings, and the outbox every message to WeCom goes through.
-- A punch is stored whatever its verdict (rejected ones are evidence); only accepted ones, or review ones a
-- reviewer approved, count for the day. client_punch_id makes submission idempotent per user; imports use a
-- synthetic id 'import:<source>:<unix ms>' so that user + time + source is unique too.
IF OBJECT_ID(N'dbo.punches', N'U') IS NULL
CREATE TABLE dbo.punches (
    id                     bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    user_id                nvarchar(64) NOT NULL,
    client_punch_id        nvarchar(64) NOT NULL,
    source                 nvarchar(64) NOT NULL,
    kind                   nvarchar(64) NOT NULL,
    server_time            datetimeoffset NOT NULL,
    device_time            datetimeoffset NULL,
    capture_time           datetimeoffset NOT NULL,
    work_date              date NOT NULL,
    verdict                nvarchar(64) NOT NULL,
    decision               nvarchar(64) NULL,
    decided_by             nvarchar(64) NULL,
    decided_at             datetimeoffset NULL,
    risk_score             int NOT NULL,
    message                nvarchar(200) NOT NULL,
    latitude               float NULL,
    longitude              float NULL,
    accuracy_meters        float NULL,
    coordinate_system      nvarchar(64) NULL,
    fix_key                nvarchar(64) NULL,
    wifi_ssid              nvarchar(64) NULL,
    wifi_bssid             nvarchar(64) NULL,
    device_id              nvarchar(64) NULL,
    site_id                nvarchar(64) NULL,
    distance_meters        int NULL,
    is_field               bit NOT NULL,
    is_location_exception  bit NOT NULL,
    note                   nvarchar(200) NULL,
    photo_path             nvarchar(200) NULL,
    photo_key_id           nvarchar(64) NULL,
    payload_hash           nvarchar(64) NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ux_punches_client')
    CREATE UNIQUE INDEX ux_punches_client ON dbo.punches (user_id, client_punch_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_punches_work_date')
    CREATE INDEX ix_punches_work_date ON dbo.punches (work_date, user_id);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_punches_user_time')
    CREATE INDEX ix_punches_user_time ON dbo.punches (user_id, capture_time);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_punches_device')
    CREATE INDEX ix_punches_device ON dbo.punches (device_id, work_date);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_punches_fix')
    CREATE INDEX ix_punches_fix ON dbo.punches (fix_key);

IF OBJECT_ID(N'dbo.punch_findings', N'U') IS NULL
CREATE TABLE dbo.punch_findings (
    punch_id  bigint NOT NULL REFERENCES dbo.punches (id) ON DELETE CASCADE,
    ordinal   int NOT NULL,
    code      nvarchar(64) NOT NULL,
    severity  nvarchar(64) NOT NULL,
    message   nvarchar(200) NOT NULL,
    PRIMARY KEY (punch_id, ordinal)
);

IF OBJECT_ID(N'dbo.outbox', N'U') IS NULL
CREATE TABLE dbo.outbox (
    id               bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    channel          nvarchar(64) NOT NULL,
    target           nvarchar(200) NOT NULL,
    payload          nvarchar(max) NOT NULL,
    dedupe_key       nvarchar(200) NOT NULL,
    state            nvarchar(64) NOT NULL,
    attempts         int NOT NULL,
    next_attempt_at  datetimeoffset NOT NULL,
    claimed_by       nvarchar(64) NULL,
    claimed_until    datetimeoffset NULL,
    sent_at          datetimeoffset NULL,
    last_error       nvarchar(200) NULL,
    created_at       datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ux_outbox_dedupe')
    CREATE UNIQUE INDEX ux_outbox_dedupe ON dbo.outbox (dedupe_key);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_outbox_due')
    CREATE INDEX ix_outbox_due ON dbo.outbox (state, next_attempt_at);
