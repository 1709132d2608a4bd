-- Yearly settlements (eindafrekeningen): one per grant, with the figures
-- as computed when it was made; approving it books the return.
CREATE TABLE settlements (
    id {{ID}},
    grant_id BIGINT NOT NULL UNIQUE REFERENCES grants (id),
    budget_holder_id BIGINT NOT NULL REFERENCES budget_holders (id),
    verstrekker_id BIGINT NOT NULL REFERENCES organisations (id),
    granted_cents BIGINT NOT NULL,
    paid_cents BIGINT NOT NULL,
    reserved_cents BIGINT NOT NULL,
    free_used_cents BIGINT NOT NULL,
    free_allowed_cents BIGINT NOT NULL,
    free_to_return_cents BIGINT NOT NULL,
    left_cents BIGINT NOT NULL,
    to_return_cents BIGINT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL,
    created_at {{TS}} NOT NULL,
    updated_at {{TS}} NOT NULL
);
CREATE INDEX settlements_verstrekker ON settlements (verstrekker_id, id);
CREATE INDEX settlements_holder ON settlements (budget_holder_id);
CREATE INDEX grants_verstrekker_end ON grants (verstrekker_id, period_end);
