-- Face checks left to the background (FACE_PENDING, issue #8 follow-up): what the check needs to finish (the attempt
-- and the anti-cheat history it was scored with), written with the punch and deleted when the check completes, so a
-- host that stops with checks queued finishes them when it starts again instead of leaving them unseen in review.
IF OBJECT_ID(N'dbo.face_pending_checks', N'U') IS NULL
CREATE TABLE dbo.face_pending_checks (
    punch_id    bigint         NOT NULL PRIMARY KEY,
    user_id     nvarchar(100)  NOT NULL,
    snapshot    nvarchar(max)  NOT NULL,
    created_at  datetimeoffset NOT NULL
);
