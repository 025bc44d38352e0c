-- Face checks shared by several hosts (issue 20): a host claims an owed check for a lease before it works on it, so
-- a check owed by a host that died, or left by a host that runs no background checks, is taken by another.
IF COL_LENGTH(N'dbo.face_pending_checks', N'claimed_by') IS NULL
    ALTER TABLE dbo.face_pending_checks ADD claimed_by nvarchar(64) NULL;
IF COL_LENGTH(N'dbo.face_pending_checks', N'claimed_until') IS NULL
    ALTER TABLE dbo.face_pending_checks ADD claimed_until datetimeoffset NULL;
