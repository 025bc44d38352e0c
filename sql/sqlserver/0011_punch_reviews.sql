-- Human review of flagged punches (issue #15): the decision itself stays in punches.decision / decided_by /
-- decided_at (what counts for the day); this table holds what people wrote about it: the employee's explanation
-- (once, before a decision) and the reviewer's reason (required to reject, and for any later change by HR).
IF OBJECT_ID(N'dbo.punch_review_notes', N'U') IS NULL
CREATE TABLE dbo.punch_review_notes (
    punch_id        bigint         NOT NULL PRIMARY KEY,
    user_id         nvarchar(100)  NOT NULL,
    explanation     nvarchar(800)  NULL,
    explained_at    datetimeoffset NULL,
    decision_reason nvarchar(800)  NULL
);

-- A reviewer who pressed 驳回 on a card owes the reason as their next text message: one open prompt per reviewer,
-- shared by every host (the next message may reach another one).
IF OBJECT_ID(N'dbo.review_reason_prompts', N'U') IS NULL
CREATE TABLE dbo.review_reason_prompts (
    user_id       nvarchar(100)  NOT NULL PRIMARY KEY,
    punch_id      bigint         NOT NULL,
    response_code nvarchar(600)  NULL,
    expires_at    datetimeoffset NOT NULL
);
