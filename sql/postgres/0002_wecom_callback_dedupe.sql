-- WeCom retries a callback up to three times: remember what was processed, across restarts and hosts.
CREATE TABLE IF NOT EXISTS wecom_callback_dedupe (
    dedupe_key   varchar(200) NOT NULL PRIMARY KEY,
    received_at  timestamptz  NOT NULL,
    expires_at   timestamptz  NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_wecom_callback_dedupe_expires ON wecom_callback_dedupe (expires_at);
