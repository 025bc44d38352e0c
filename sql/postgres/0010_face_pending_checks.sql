-- Face checks left to the background (FACE_PENDING, issue #8 follow-up): what the check needs to finish (the attempt
-- and the anti-cheat history it was scored with), written with the punch and deleted when the check completes, so a
-- host that stops with checks queued finishes them when it starts again instead of leaving them unseen in review.
CREATE TABLE IF NOT EXISTS face_pending_checks (
    punch_id    bigint       NOT NULL PRIMARY KEY,
    user_id     varchar(100) NOT NULL,
    snapshot    text         NOT NULL,
    created_at  timestamptz  NOT NULL
);
