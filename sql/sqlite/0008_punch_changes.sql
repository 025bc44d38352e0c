-- A counter of changes to the columns the anti-cheat history reads (issue #4). The SQLite host keeps recent punches
-- in memory (PunchWindow) and compares this counter with the one it knows: any punch written, moved or deleted by
-- anything else (another process, a hand edit) shows up as a difference and makes the host reload instead of
-- scoring against a stale picture. The server databases read history with SQL on every punch and need no counter.
CREATE TABLE IF NOT EXISTS punch_changes (
    id       INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    version  INTEGER NOT NULL
);
INSERT OR IGNORE INTO punch_changes (id, version) VALUES (1, 0);

CREATE TRIGGER IF NOT EXISTS tr_punches_changes_insert AFTER INSERT ON punches
BEGIN
    UPDATE punch_changes SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER IF NOT EXISTS tr_punches_changes_delete AFTER DELETE ON punches
BEGIN
    UPDATE punch_changes SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER IF NOT EXISTS tr_punches_changes_update
AFTER UPDATE OF user_id, capture_time, work_date, latitude, longitude, accuracy_meters, coordinate_system, device_id, fix_key
ON punches
BEGIN
    UPDATE punch_changes SET version = version + 1 WHERE id = 1;
END;
