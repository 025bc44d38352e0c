-- Punches with their findings, and the outbox every message to WeCom goes through.
-- A punch is stored whatever its verdict (rejected ones are evidence); only accepted ones, or review ones a
-- reviewer approved, count for the day. client_punch_id makes submission idempotent per user; imports use a
-- synthetic id 'import:<source>:<unix ms>' so that user + time + source is unique too.
CREATE TABLE IF NOT EXISTS punches (
    id                     INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id                TEXT NOT NULL,
    client_punch_id        TEXT NOT NULL,
    source                 TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    server_time            TEXT NOT NULL,
    device_time            TEXT NULL,
    capture_time           TEXT NOT NULL,
    work_date              TEXT NOT NULL,
    verdict                TEXT NOT NULL,
    decision               TEXT NULL,
    decided_by             TEXT NULL,
    decided_at             TEXT NULL,
    risk_score             INTEGER NOT NULL,
    message                TEXT NOT NULL,
    latitude               REAL NULL,
    longitude              REAL NULL,
    accuracy_meters        REAL NULL,
    coordinate_system      TEXT NULL,
    fix_key                TEXT NULL,
    wifi_ssid              TEXT NULL,
    wifi_bssid             TEXT NULL,
    device_id              TEXT NULL,
    site_id                TEXT NULL,
    distance_meters        INTEGER NULL,
    is_field               INTEGER NOT NULL,
    is_location_exception  INTEGER NOT NULL,
    note                   TEXT NULL,
    photo_path             TEXT NULL,
    photo_key_id           TEXT NULL,
    payload_hash           TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_punches_client ON punches (user_id, client_punch_id);
CREATE INDEX IF NOT EXISTS ix_punches_work_date ON punches (work_date, user_id);
CREATE INDEX IF NOT EXISTS ix_punches_user_time ON punches (user_id, capture_time);
CREATE INDEX IF NOT EXISTS ix_punches_device ON punches (device_id, work_date);
CREATE INDEX IF NOT EXISTS ix_punches_fix ON punches (fix_key);

CREATE TABLE IF NOT EXISTS punch_findings (
    punch_id  INTEGER NOT NULL REFERENCES punches (id) ON DELETE CASCADE,
    ordinal   INTEGER NOT NULL,
    code      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    message   TEXT NOT NULL,
    PRIMARY KEY (punch_id, ordinal)
);

CREATE TABLE IF NOT EXISTS outbox (
    id               INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    channel          TEXT NOT NULL,
    target           TEXT NOT NULL,
    payload          TEXT NOT NULL,
    dedupe_key       TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    claimed_by       TEXT NULL,
    claimed_until    TEXT NULL,
    sent_at          TEXT NULL,
    last_error       TEXT NULL,
    created_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS ux_outbox_dedupe ON outbox (dedupe_key);
CREATE INDEX IF NOT EXISTS ix_outbox_due ON outbox (state, next_attempt_at);
