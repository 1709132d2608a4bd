-- Logging in, hardened (issue 15, items 4, 10 and 13).
-- The last TOTP time step an account used: a code is accepted once.
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0;

-- The client certificate a session was opened with: revoking it ends them.
ALTER TABLE sessions ADD COLUMN client_cert_serial TEXT NOT NULL DEFAULT '';
CREATE INDEX sessions_client_cert ON sessions (client_cert_serial) WHERE client_cert_serial <> '';

-- API tokens expire (NULL: made before this migration; created_at plus
-- the configured lifetime then counts).
ALTER TABLE api_tokens ADD COLUMN expires_at {{TS}};
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- The login throttle, shared by every instance: attempts per key (the
-- SHA-256 of an account's e-mail or a client network, never the plain
-- value) within a window that began at window_start (Unix milliseconds).
CREATE TABLE auth_throttle (
    key_hash TEXT PRIMARY KEY,
    attempts BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);
CREATE INDEX auth_throttle_window ON auth_throttle (window_start);
