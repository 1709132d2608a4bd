-- Foundation: organisations, people, accounts, grants, ledger, audit.
-- One file for both databases: {{ID}}, {{TS}} and {{BLOB}} are replaced by
-- the dialect (see store.Dialect).

CREATE TABLE organisations (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('gemeente', 'zorgkantoor', 'zorgverzekeraar', 'svb')),
    name TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    created_at {{TS}} NOT NULL
);

CREATE TABLE accounts (
    id {{ID}},
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    totp_secret TEXT NOT NULL DEFAULT '',
    totp_enabled BOOLEAN NOT NULL DEFAULT FALSE,
    lang TEXT NOT NULL DEFAULT 'nl',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{TS}} NOT NULL,
    password_changed_at {{TS}} NOT NULL
);

CREATE TABLE budget_holders (
    id {{ID}},
    bsn TEXT NOT NULL UNIQUE,
    initials TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    street TEXT NOT NULL DEFAULT '',
    house_number TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    created_at {{TS}} NOT NULL
);
CREATE INDEX budget_holders_family_name ON budget_holders (family_name);

-- clients: which verstrekker may see which budget holder.
CREATE TABLE clients (
    verstrekker_id BIGINT NOT NULL REFERENCES organisations (id),
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    created_at {{TS}} NOT NULL,
    PRIMARY KEY (verstrekker_id, budget_holder_id)
);
CREATE INDEX clients_budget_holder ON clients (budget_holder_id);

CREATE TABLE providers (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('informeel', 'zzp', 'instelling')),
    name TEXT NOT NULL,
    agb TEXT NOT NULL DEFAULT '',
    kvk TEXT NOT NULL DEFAULT '',
    iban TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL DEFAULT '',
    created_at {{TS}} NOT NULL
);
CREATE INDEX providers_agb ON providers (agb);
CREATE INDEX providers_kvk ON providers (kvk);
CREATE INDEX providers_iban ON providers (iban);

CREATE TABLE representations (
    id {{ID}},
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('ouder_voogd', 'curator', 'bewindvoerder', 'gemachtigde')),
    valid_from DATE NOT NULL,
    valid_to DATE,
    created_at {{TS}} NOT NULL
);
CREATE INDEX representations_budget_holder ON representations (budget_holder_id);
CREATE INDEX representations_account ON representations (account_id);

CREATE TABLE account_roles (
    id {{ID}},
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    role TEXT NOT NULL CHECK (role IN ('budgethouder', 'vertegenwoordiger', 'zorgverlener', 'verstrekker', 'svb', 'beheerder')),
    organisation_id BIGINT REFERENCES organisations (id),
    budget_holder_id BIGINT REFERENCES budget_holders (id),
    provider_id BIGINT REFERENCES providers (id),
    representation_id BIGINT REFERENCES representations (id),
    created_at {{TS}} NOT NULL
);
CREATE INDEX account_roles_account ON account_roles (account_id);

CREATE TABLE grants (
    id {{ID}},
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    verstrekker_id BIGINT NOT NULL REFERENCES organisations (id),
    law TEXT NOT NULL CHECK (law IN ('wlz', 'wmo', 'jeugdwet', 'zvw')),
    reference TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    decided_on DATE NOT NULL,
    own_contribution_cents BIGINT NOT NULL DEFAULT 0 CHECK (own_contribution_cents >= 0),
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    UNIQUE (verstrekker_id, reference),
    CHECK (period_end >= period_start)
);
CREATE INDEX grants_budget_holder ON grants (budget_holder_id);

CREATE TABLE grant_revisions (
    id {{ID}},
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    effective_from DATE NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    total_cents BIGINT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    UNIQUE (grant_id, effective_from)
);

CREATE TABLE grant_lines (
    id {{ID}},
    revision_id BIGINT NOT NULL REFERENCES grant_revisions (id),
    care_function TEXT NOT NULL,
    yearly_cents BIGINT NOT NULL CHECK (yearly_cents > 0)
);
CREATE INDEX grant_lines_revision ON grant_lines (revision_id);

-- grant_balances is the projection of a grant's postings, updated in the
-- same transaction as each posting. The CHECK is the ledger invariant.
CREATE TABLE grant_balances (
    grant_id BIGINT PRIMARY KEY REFERENCES grants (id),
    granted_cents BIGINT NOT NULL DEFAULT 0,
    reserved_cents BIGINT NOT NULL DEFAULT 0,
    paid_cents BIGINT NOT NULL DEFAULT 0,
    CHECK (reserved_cents >= 0 AND paid_cents >= 0 AND paid_cents + reserved_cents <= granted_cents)
);

CREATE TABLE postings (
    id {{ID}},
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    kind TEXT NOT NULL CHECK (kind IN ('granted', 'reserved', 'released', 'paid', 'returned')),
    from_account TEXT NOT NULL,
    to_account TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    booking_date DATE NOT NULL,
    ref_type TEXT NOT NULL DEFAULT '',
    ref_id BIGINT NOT NULL DEFAULT 0,
    created_at {{TS}} NOT NULL
);
CREATE INDEX postings_grant ON postings (grant_id, booking_date);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at {{TS}} NOT NULL,
    actor_account_id BIGINT NOT NULL,
    actor_role TEXT NOT NULL,
    acting_for BIGINT NOT NULL DEFAULT 0,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- audit_head holds the last record's number and hash; locking it orders the
-- chain, and it reveals a deleted tail.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    role_id BIGINT,
    mfa_ok BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{TS}} NOT NULL,
    last_seen_at {{TS}} NOT NULL,
    expires_at {{TS}} NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE api_tokens (
    id {{ID}},
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    role_id BIGINT NOT NULL REFERENCES account_roles (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at {{TS}} NOT NULL,
    last_used_at {{TS}},
    revoked_at {{TS}}
);
