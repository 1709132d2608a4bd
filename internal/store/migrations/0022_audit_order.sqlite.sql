-- The order records were written in, for "newest first": the lanes'
-- numbers interleave. SQLite's rowid is that order; an index ends with it.
DROP INDEX audit_log_actor;
CREATE INDEX audit_log_actor ON audit_log (actor_account_id);
