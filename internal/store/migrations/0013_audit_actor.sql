-- What a person did, for the right of access (own data).
CREATE INDEX audit_log_actor ON audit_log (actor_account_id, seq);
