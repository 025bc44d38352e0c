-- Session revocation (issue 16): tokens of an employee issued at or before valid_after are refused. Set by
-- POST /api/admin/employees/{userId}/sessions/revoke, and when an employee is deactivated, leaves or is removed.
IF OBJECT_ID(N'dbo.session_revocations', N'U') IS NULL
CREATE TABLE dbo.session_revocations (
    user_id     nvarchar(100)  NOT NULL PRIMARY KEY,
    valid_after datetimeoffset NOT NULL
);
