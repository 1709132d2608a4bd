-- edges: a settlement changed after it was made is a corrected settlement.
-- The settlement row holds the current version (its number and the reason
-- of the correction that made it); each earlier version is kept here, with
-- its figures and state as they were, so both parties see the history.
ALTER TABLE settlements ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE settlements ADD COLUMN correction TEXT NOT NULL DEFAULT '';
CREATE TABLE settlement_versions (
    settlement_id BIGINT NOT NULL REFERENCES settlements (id),
    version INTEGER NOT NULL,
    granted_cents BIGINT NOT NULL,
    paid_cents BIGINT NOT NULL,
    reserved_cents BIGINT NOT NULL,
    free_used_cents BIGINT NOT NULL,
    free_allowed_cents BIGINT NOT NULL,
    free_to_return_cents BIGINT NOT NULL,
    left_cents BIGINT NOT NULL,
    to_return_cents BIGINT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL,
    correction TEXT NOT NULL,
    made_at {{TS}} NOT NULL,
    replaced_by BIGINT NOT NULL,
    replaced_at {{TS}} NOT NULL,
    PRIMARY KEY (settlement_id, version)
);
