-- Face verification (issue #8). face_consents keeps every grant and withdrawal (the latest row per user is the
-- current state, with the notice version the employee saw); face_templates holds at most one enrolled template
-- per user, encrypted (AES-GCM, "APH1" layout with the key id) so the database alone never yields an embedding.
IF OBJECT_ID(N'dbo.face_consents', N'U') IS NULL
CREATE TABLE dbo.face_consents (
    id              bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    user_id         nvarchar(100)  NOT NULL,
    granted         bit            NOT NULL,
    notice_version  nvarchar(64)   NOT NULL,
    recorded_at     datetimeoffset NOT NULL,
    actor           nvarchar(100)  NOT NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_face_consents_user')
    CREATE INDEX ix_face_consents_user ON dbo.face_consents (user_id, id);

IF OBJECT_ID(N'dbo.face_templates', N'U') IS NULL
CREATE TABLE dbo.face_templates (
    user_id      nvarchar(100)   NOT NULL PRIMARY KEY,
    template     varbinary(max)  NOT NULL,
    key_id       nvarchar(16)    NOT NULL,
    source       nvarchar(100)   NOT NULL,
    enrolled_at  datetimeoffset  NOT NULL,
    enrolled_by  nvarchar(100)   NOT NULL
);
