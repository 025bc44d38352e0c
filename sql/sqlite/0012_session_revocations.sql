-- Session revocation (issue 16): tokens of an employee issued at or before valid_after are refused. Set by
-- POST /api/admin/employees/{userId}/sessions/revoke, and when an employee is deactivated, leaves or is removed.
CREATE TABLE IF NOT EXISTS session_revocations (
    user_id     TEXT NOT NULL PRIMARY KEY,
    valid_after TEXT NOT NULL
);
