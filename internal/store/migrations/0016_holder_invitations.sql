-- Invitations of budget holders without an account: a one-time link that
-- expires, made when a verstrekker grants them a budget.
CREATE TABLE holder_invitations (
    id {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    expires_at {{TS}} NOT NULL,
    accepted_at {{TS}}
);
CREATE INDEX holder_invitations_holder ON holder_invitations (budget_holder_id);
