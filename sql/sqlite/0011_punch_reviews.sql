-- Human review of flagged punches (issue #15): the decision itself stays in punches.decision / decided_by /
-- decided_at (what counts for the day); this table holds what people wrote about it: the employee's explanation
-- (once, before a decision) and the reviewer's reason (required to reject, and for any later change by HR).
CREATE TABLE IF NOT EXISTS punch_review_notes (
    punch_id        INTEGER NOT NULL PRIMARY KEY,
    user_id         TEXT NOT NULL,
    explanation     TEXT NULL,
    explained_at    TEXT NULL,
    decision_reason TEXT NULL
);

-- A reviewer who pressed 驳回 on a card owes the reason as their next text message: one open prompt per reviewer,
-- shared by every host (the next message may reach another one).
CREATE TABLE IF NOT EXISTS review_reason_prompts (
    user_id       TEXT NOT NULL PRIMARY KEY,
    punch_id      INTEGER NOT NULL,
    response_code TEXT NULL,
    expires_at    TEXT NOT NULL
);
