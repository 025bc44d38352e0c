-- Face checks shared by several hosts (issue 20): a host claims an owed check for a lease before it works on it, so
-- a check owed by a host that died, or left by a host that runs no background checks, is taken by another.
-- SQLite has no ADD COLUMN IF NOT EXISTS; the journal runs this once.
ALTER TABLE face_pending_checks ADD COLUMN claimed_by TEXT NULL;
ALTER TABLE face_pending_checks ADD COLUMN claimed_until TEXT NULL;
