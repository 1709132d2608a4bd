-- Invitations of providers not yet registered, and the outbox of e-mail.

CREATE TABLE invitations (
    id {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    terms_json TEXT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    expires_at {{TS}} NOT NULL,
    accepted_at {{TS}},
    agreement_id BIGINT NOT NULL DEFAULT 0
);

-- outbox: e-mail to be sent, written in the same transaction as the change
-- that causes it; a sender delivers and marks it.
CREATE TABLE outbox (
    id {{ID}},
    to_email TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{TS}} NOT NULL,
    sent_at {{TS}}
);
