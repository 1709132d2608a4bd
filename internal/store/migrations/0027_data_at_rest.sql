-- Personal data at rest: a BSN is sealed (AES-256-GCM) in the column bsn
-- and found, and kept unique, by its keyed hash (HMAC-SHA256) in bsn_hash;
-- a TOTP secret is sealed in totp_secret. SQL cannot encrypt: the rows of an
-- older database are sealed by the store when it starts with its data key
-- (store.UseDataKey), in one transaction, their plain text overwritten in
-- the same statements. Until then bsn_hash is NULL, which marks them.
-- data_key names the key the data are sealed under (by its id, never the
-- key), so that a start with another key is refused.
ALTER TABLE budget_holders ADD COLUMN bsn_hash {{BLOB}};

CREATE UNIQUE INDEX budget_holders_bsn_hash ON budget_holders (bsn_hash);

CREATE TABLE data_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key_id TEXT NOT NULL,
    since {{TS}} NOT NULL
);
