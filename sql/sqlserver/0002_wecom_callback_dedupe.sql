-- WeCom retries a callback up to three times: remember what was processed, across restarts and hosts.
IF OBJECT_ID(N'dbo.wecom_callback_dedupe', N'U') IS NULL
CREATE TABLE dbo.wecom_callback_dedupe (
    dedupe_key   nvarchar(200)  NOT NULL PRIMARY KEY,
    received_at  datetimeoffset NOT NULL,
    expires_at   datetimeoffset NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_wecom_callback_dedupe_expires')
    CREATE INDEX ix_wecom_callback_dedupe_expires ON dbo.wecom_callback_dedupe (expires_at);
