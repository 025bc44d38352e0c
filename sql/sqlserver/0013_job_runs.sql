-- Job runs (issue 20): one row per run of a job, scheduled (Quartz, with the fire time it ran for) or triggered by
-- hand. Written when the run starts and completed when it ends, so a run cut short by a crash stays 'running'.
-- With several hosts it shows which host ran each fire time, and that each ran once.
IF OBJECT_ID(N'dbo.job_runs', N'U') IS NULL
CREATE TABLE dbo.job_runs (
    id             bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    job            nvarchar(64)   NOT NULL,
    department_id  bigint         NULL,
    run_date       date           NULL,
    origin         nvarchar(16)   NOT NULL,
    scheduled_for  datetimeoffset NULL,
    host           nvarchar(64)   NOT NULL,
    started_at     datetimeoffset NOT NULL,
    finished_at    datetimeoffset NULL,
    outcome        nvarchar(16)   NOT NULL,
    counts         nvarchar(max)  NULL,
    error          nvarchar(400)  NULL
);
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'ix_job_runs_job')
CREATE INDEX ix_job_runs_job ON dbo.job_runs (job, started_at);
