-- Face checks shared by several hosts (issue 20): a host claims an owed check for a lease before it works on it, so
-- a check owed by a host that died, or left by a host that runs no background checks, is taken by another.
ALTER TABLE face_pending_checks ADD COLUMN IF NOT EXISTS claimed_by varchar(64) NULL;
ALTER TABLE face_pending_checks ADD COLUMN IF NOT EXISTS claimed_until timestamptz NULL;
