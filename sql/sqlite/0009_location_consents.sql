-- Consent to location processing (DESIGN §7: location is sensitive personal information with a consent of its own,
-- recorded and withdrawable). Every grant and withdrawal is a row; the latest row per user is the current state.
CREATE TABLE IF NOT EXISTS location_consents (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id         TEXT NOT NULL,
    granted         INTEGER NOT NULL,
    notice_version  TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_location_consents_user ON location_consents (user_id, id);
