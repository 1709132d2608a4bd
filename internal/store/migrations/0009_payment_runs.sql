-- Payment runs (betaalruns): the SVB pays accepted declarations to the
-- providers' IBANs, one transfer per provider per run, each declaration in
-- at most one transfer that is not failed.

CREATE TABLE payment_runs (
    id {{ID}},
    state TEXT NOT NULL,
    cutoff DATE NOT NULL,
    execution_date DATE NOT NULL,
    msg_id TEXT NOT NULL UNIQUE,
    nb_txs BIGINT NOT NULL DEFAULT 0,
    ctrl_sum_cents BIGINT NOT NULL DEFAULT 0,
    declarations BIGINT NOT NULL DEFAULT 0,
    file_sha256 TEXT NOT NULL DEFAULT '',
    file_bytes BIGINT NOT NULL DEFAULT 0,
    executed_count BIGINT NOT NULL DEFAULT 0,
    failed_count BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    updated_at {{TS}} NOT NULL
);
-- At most one run is open (prepared or written) at a time: a second start
-- waits for it or resumes it, never pays the same declarations again.
CREATE UNIQUE INDEX payment_runs_one_open ON payment_runs (state) WHERE state IN ('voorbereid', 'bestand');

-- A transfer goes to a provider (its declarations) or to a budget holder
-- (the free amount it claimed).
CREATE TABLE payment_transfers (
    id {{ID}},
    run_id BIGINT NOT NULL REFERENCES payment_runs (id),
    provider_id BIGINT REFERENCES providers (id),
    budget_holder_id BIGINT REFERENCES budget_holders (id),
    end_to_end_id TEXT NOT NULL UNIQUE,
    creditor_name TEXT NOT NULL,
    creditor_iban TEXT NOT NULL,
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    declarations BIGINT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    CHECK ((provider_id IS NULL) <> (budget_holder_id IS NULL))
);
CREATE INDEX payment_transfers_run ON payment_transfers (run_id, provider_id);
CREATE INDEX payment_transfers_run_holder ON payment_transfers (run_id, budget_holder_id);
CREATE INDEX payment_transfers_provider ON payment_transfers (provider_id, id);

-- A declaration's place in a run: set when the run takes it, cleared when
-- its transfer fails (it is then accepted and unpaid again).
ALTER TABLE declarations ADD COLUMN payment_run_id BIGINT;
ALTER TABLE declarations ADD COLUMN payment_transfer_id BIGINT;
CREATE INDEX declarations_payment_run ON declarations (payment_run_id);
CREATE INDEX declarations_payment_transfer ON declarations (payment_transfer_id);
CREATE INDEX declarations_state_period ON declarations (state, period_end);

-- A provider whose transfer failed: its IBAN needs attention.
ALTER TABLE providers ADD COLUMN iban_attention TEXT NOT NULL DEFAULT '';

-- The free amount (vrij besteedbaar bedrag): a grant may carry one; the
-- budget holder claims it, at once or in parts, to its own IBAN. A claim
-- reserves budget like an accepted declaration and is paid in the next run.
ALTER TABLE grants ADD COLUMN free_amount BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE budget_holders ADD COLUMN iban TEXT NOT NULL DEFAULT '';

CREATE TABLE free_amount_claims (
    id {{ID}},
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    payment_run_id BIGINT,
    payment_transfer_id BIGINT,
    claimed_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    updated_at {{TS}} NOT NULL
);
CREATE INDEX free_amount_claims_grant ON free_amount_claims (grant_id);
CREATE INDEX free_amount_claims_run ON free_amount_claims (payment_run_id);
CREATE INDEX free_amount_claims_transfer ON free_amount_claims (payment_transfer_id);
