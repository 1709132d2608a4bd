-- IF NOT EXISTS: the store tests apply the migrations after 0021 again.
-- edges: the declarations of a grant that were still open (entered, at the
-- budget holder, held or refused and correctable) when its settlement was
-- made. They are named on the settlement: after it the grant takes no new
-- reservation, so both parties see what was left out.
CREATE TABLE IF NOT EXISTS settlement_open_declarations (
    grant_id BIGINT NOT NULL REFERENCES grants (id),
    declaration_id BIGINT NOT NULL REFERENCES declarations (id),
    state TEXT NOT NULL,
    period_start DATE NOT NULL,
    total_cents BIGINT NOT NULL,
    PRIMARY KEY (grant_id, declaration_id)
);
