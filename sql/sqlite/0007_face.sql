-- Face verification (issue #8). face_consents keeps every grant and withdrawal (the latest row per user is the
-- current state, with the notice version the employee saw); face_templates holds at most one enrolled template
-- per user, encrypted (AES-GCM, "APH1" layout with the key id) so the database alone never yields an embedding.
CREATE TABLE IF NOT EXISTS face_consents (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    user_id         TEXT NOT NULL,
    granted         INTEGER NOT NULL,
    notice_version  TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    actor           TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_face_consents_user ON face_consents (user_id, id);

CREATE TABLE IF NOT EXISTS face_templates (
    user_id      TEXT NOT NULL PRIMARY KEY,
    template     BLOB NOT NULL,
    key_id       TEXT NOT NULL,
    source       TEXT NOT NULL,
    enrolled_at  TEXT NOT NULL,
    enrolled_by  TEXT NOT NULL
);
