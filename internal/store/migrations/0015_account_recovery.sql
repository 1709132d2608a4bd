-- Account recovery: a password reset by an e-mailed link (one use, one
-- hour), and one-time recovery codes for a lost authenticator.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at {{TS}} NOT NULL,
    expires_at {{TS}} NOT NULL,
    used_at {{TS}}
);
CREATE INDEX password_resets_account ON password_resets (account_id);

CREATE TABLE recovery_codes (
    id {{ID}},
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    code_hash TEXT NOT NULL,
    created_at {{TS}} NOT NULL,
    used_at {{TS}}
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id, code_hash);
