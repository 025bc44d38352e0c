-- Job runs (issue 20): one row per run of a job, scheduled (Quartz, with the fire time it ran for) or triggered by
-- hand. Written when the run starts and completed when it ends, so a run cut short by a crash stays 'running'.
-- With several hosts it shows which host ran each fire time, and that each ran once.
CREATE TABLE IF NOT EXISTS job_runs (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    job            TEXT    NOT NULL,
    department_id  INTEGER NULL,
    run_date       TEXT    NULL,
    origin         TEXT    NOT NULL,
    scheduled_for  TEXT    NULL,
    host           TEXT    NOT NULL,
    started_at     TEXT    NOT NULL,
    finished_at    TEXT    NULL,
    outcome        TEXT    NOT NULL,
    counts         TEXT    NULL,
    error          TEXT    NULL
);
CREATE INDEX IF NOT EXISTS ix_job_runs_job ON job_runs (job, started_at);
