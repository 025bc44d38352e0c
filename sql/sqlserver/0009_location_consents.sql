-- Consent to location processing (DESIGN §7: location is sensitive personal information with a consent of its own,
-- recorded and withdrawable). Every grant and withdrawal is a row; the latest row per user is the current state.
IF OBJECT_ID(N'dbo.location_consents', N'U') IS NULL
CREATE TABLE dbo.location_consents (
    id              bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    user_id         nvarchar(100)  NOT NULL,
    granted         bit            NOT NULL,
    notice_version  nvarchar(64)   NOT NULL,
    recorded_at     datetimeoffset NOT NULL,
    actor           nvarchar(100)  NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_location_consents_user')
    CREATE INDEX ix_location_consents_user ON dbo.location_consents (user_id, id);
