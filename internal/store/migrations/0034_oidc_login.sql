-- Logging in through OpenID Connect identity providers (issue 17): DigiD,
-- eHerkenning and staff identity providers.

-- The provider a session was opened through (its name in the
-- configuration; '' for a password or certificate), for the provider's
-- logout, and whether the provider asserted a second factor (acr/amr),
-- which stands in for the portal's own TOTP.
ALTER TABLE sessions ADD COLUMN idp TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN idp_mfa BOOLEAN NOT NULL DEFAULT FALSE;

-- A login under way at a provider, by the SHA-256 of its state: the nonce
-- and the PKCE verifier it must come back with, and the page to return
-- to. Taken (deleted) when the provider sends the person back: a state is
-- used once. A row with choices is a login that came back with several
-- providers for one KvK number, waiting for the person to choose one.
CREATE TABLE oidc_logins (
    state_hash TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    nonce TEXT NOT NULL DEFAULT '',
    verifier TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '/',
    choices TEXT NOT NULL DEFAULT '',
    expires_at {{TS}} NOT NULL
);
CREATE INDEX oidc_logins_expires ON oidc_logins (expires_at);

-- What an account is known by at the identity providers: a BSN (kind
-- 'bsn', a representative's) or a provider's subject (kind 'sub', the
-- provider's name and the token's sub). Found by its keyed hash (as
-- budget_holders.bsn_hash), kept sealed so that a new data key can hash it
-- again. One account per key: nobody gets two.
CREATE TABLE account_identities (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('bsn', 'sub')),
    key_hash {{BLOB}} NOT NULL,
    key_sealed TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at {{TS}} NOT NULL
);
CREATE UNIQUE INDEX account_identities_key ON account_identities (kind, key_hash);
CREATE INDEX account_identities_account ON account_identities (account_id);
