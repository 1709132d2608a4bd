-- Find care: providers' care profiles, budget holders' requests (oproepen),
-- the messages between a request's holder and the providers who answer
-- it, reports of abuse, and the care-need questionnaires.

-- A provider's profile. Lists are stored comma-separated (care types, laws,
-- CBS gemeente codes, languages); availability is a bit per part of a day
-- (domain.Avail). hidden_reason is set by staff: a hidden profile is found
-- by nobody.
CREATE TABLE findcare_profiles (
    id {{ID}},
    provider_id BIGINT NOT NULL UNIQUE REFERENCES providers (id),
    care_types TEXT NOT NULL DEFAULT '',
    laws TEXT NOT NULL DEFAULT '',
    gemeenten TEXT NOT NULL DEFAULT '',
    availability BIGINT NOT NULL DEFAULT 0,
    languages TEXT NOT NULL DEFAULT '',
    rate_min BIGINT NOT NULL DEFAULT 0,
    rate_max BIGINT NOT NULL DEFAULT 0,
    body TEXT NOT NULL DEFAULT '',
    published BOOLEAN NOT NULL DEFAULT FALSE,
    hidden_reason TEXT NOT NULL DEFAULT '',
    updated_at {{TS}} NOT NULL
);

-- The search index of the profiles is in 0047 (one version per database).

CREATE TABLE findcare_requests (
    id {{ID}},
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    created_by BIGINT NOT NULL,
    care_type TEXT NOT NULL,
    law TEXT NOT NULL DEFAULT '',
    gemeente TEXT NOT NULL,
    availability BIGINT NOT NULL,
    hours_per_week INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    is_open BOOLEAN NOT NULL DEFAULT TRUE,
    hidden_reason TEXT NOT NULL DEFAULT '',
    created_at {{TS}} NOT NULL,
    closed_at {{TS}}
);
-- Providers find the open requests of their gemeenten and care types.
CREATE INDEX findcare_requests_match ON findcare_requests (gemeente, care_type, id) WHERE is_open AND hidden_reason = '';
CREATE INDEX findcare_requests_holder ON findcare_requests (budget_holder_id, created_at);

-- A thread per request and provider: the provider answers, the holder
-- replies (and so shows the provider who they are).
CREATE TABLE findcare_messages (
    id {{ID}},
    request_id BIGINT NOT NULL REFERENCES findcare_requests (id),
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    author_party TEXT NOT NULL CHECK (author_party IN ('budget_holder', 'provider')),
    author_account_id BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at {{TS}} NOT NULL
);
CREATE INDEX findcare_messages_thread ON findcare_messages (request_id, provider_id, id);
CREATE INDEX findcare_messages_provider ON findcare_messages (provider_id, created_at);

CREATE TABLE findcare_reports (
    id {{ID}},
    object_type TEXT NOT NULL CHECK (object_type IN ('profile', 'request')),
    object_id BIGINT NOT NULL,
    reporter_account_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_at {{TS}} NOT NULL,
    handled_at {{TS}}
);
CREATE INDEX findcare_reports_object ON findcare_reports (object_type, object_id);

-- A care-need questionnaire: its author's alone.
CREATE TABLE findcare_needs (
    id {{ID}},
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    answers_json TEXT NOT NULL DEFAULT '{}',
    created_at {{TS}} NOT NULL,
    updated_at {{TS}} NOT NULL
);
CREATE INDEX findcare_needs_account ON findcare_needs (account_id, id);
