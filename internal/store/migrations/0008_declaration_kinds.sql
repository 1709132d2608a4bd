-- Declaration kinds without day lines (travel costs, feestdagenuitkering),
-- where a declaration came from (portal, API batch, CSV, paper), sick
-- reports of employees, and idempotency keys for the batch API.

ALTER TABLE declarations ADD COLUMN travel_km BIGINT NOT NULL DEFAULT 0;
ALTER TABLE declarations ADD COLUMN travel_per_km_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE declarations ADD COLUMN amount_cents BIGINT NOT NULL DEFAULT 0;
ALTER TABLE declarations ADD COLUMN source TEXT NOT NULL DEFAULT 'portaal';

-- The respite check sums a budget holder's etmalen in a year; the payment
-- run selects a grant's accepted declarations.
CREATE INDEX declaration_lines_holder_day ON declaration_lines (budget_holder_id, day);
CREATE INDEX declarations_grant_state ON declarations (grant_id, state);

-- ziekmeldingen: an employee (provider on an employment agreement) reported
-- sick by the employer (the budget holder) from a day, recovered on a day.
CREATE TABLE sick_reports (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    sick_from DATE NOT NULL,
    recovered_on DATE,
    note TEXT NOT NULL DEFAULT '',
    reported_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    updated_at {{TS}} NOT NULL
);
CREATE INDEX sick_reports_agreement ON sick_reports (agreement_id, sick_from);

-- A retried request with the same Idempotency-Key gets the first answer
-- again instead of doing the work twice.
CREATE TABLE idempotency_keys (
    account_id BIGINT NOT NULL,
    idem_key TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at {{TS}} NOT NULL,
    PRIMARY KEY (account_id, idem_key)
);
