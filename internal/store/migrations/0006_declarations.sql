-- Declarations (declaraties) and their lines. Lines are kept as rows so that
-- the checks find duplicates and a provider's hours per day and week by
-- index, over all budget holders.

CREATE TABLE declarations (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    provider_id BIGINT NOT NULL REFERENCES providers (id),
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    kind TEXT NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    state TEXT NOT NULL,
    invoice_number TEXT NOT NULL DEFAULT '',
    invoice_total_cents BIGINT NOT NULL DEFAULT 0,
    total_cents BIGINT NOT NULL DEFAULT 0,
    has_attachment BOOLEAN NOT NULL DEFAULT FALSE,
    sent_to_holder DATE,
    submitted_by_holder DATE,
    late_allowed BOOLEAN NOT NULL DEFAULT FALSE,
    findings_json TEXT NOT NULL DEFAULT '[]',
    reason TEXT NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 1,
    entered_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    updated_at {{TS}} NOT NULL
);
CREATE INDEX declarations_agreement ON declarations (agreement_id, period_start);
CREATE INDEX declarations_holder ON declarations (budget_holder_id, state);
CREATE INDEX declarations_provider ON declarations (provider_id, period_start);

-- counts: lines of declarations that are not refused or withdrawn take part
-- in the duplicate and hours checks.
CREATE TABLE declaration_lines (
    id {{ID}},
    declaration_id BIGINT NOT NULL REFERENCES declarations (id),
    provider_id BIGINT NOT NULL,
    budget_holder_id BIGINT NOT NULL,
    day DATE NOT NULL,
    care_type TEXT NOT NULL,
    unit TEXT NOT NULL,
    units BIGINT NOT NULL,
    rate_cents BIGINT NOT NULL,
    amount_cents BIGINT NOT NULL,
    counts BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX declaration_lines_provider_day ON declaration_lines (provider_id, day);
CREATE INDEX declaration_lines_declaration ON declaration_lines (declaration_id);
