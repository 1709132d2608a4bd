-- Delivering the outbox: a claim (lease) so that two workers never send the
-- same mail at once, attempts with a next try (backoff), the last error,
-- and a mail given up on after too many permanent refusals.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at {{TS}};
ALTER TABLE outbox ADD COLUMN claimed_until {{TS}};
ALTER TABLE outbox ADD COLUMN claim TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN failed_at {{TS}};
CREATE INDEX outbox_due ON outbox (sent_at, failed_at, next_attempt_at);
