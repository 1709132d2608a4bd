-- The purge of idempotency keys past their day (every ten minutes) finds them by age.
CREATE INDEX IF NOT EXISTS idempotency_keys_created ON idempotency_keys (created_at);
