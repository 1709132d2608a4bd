-- Lists at national size (issue 14): a page of a list is read from an index
-- in the order it shows (newest first), not sorted from all of a party's rows.
--
-- A declaration names its grant's verstrekker, so that a verstrekker's
-- declarations (268,000 for the largest zorgkantoor of pgb gen) are one
-- index range, newest first.
ALTER TABLE declarations ADD COLUMN verstrekker_id BIGINT NOT NULL DEFAULT 0;
UPDATE declarations SET verstrekker_id = (SELECT g.verstrekker_id FROM grants g WHERE g.id = declarations.grant_id);
CREATE INDEX declarations_verstrekker ON declarations (verstrekker_id, id);
CREATE INDEX declarations_provider_id ON declarations (provider_id, id);

-- A party's agreements newest first (PostgreSQL's index on the party alone
-- does not give them in id order).
DROP INDEX agreements_verstrekker;
CREATE INDEX agreements_verstrekker ON agreements (verstrekker_id, id);
DROP INDEX agreements_provider;
CREATE INDEX agreements_provider ON agreements (provider_id, id);

-- What waits is few rows in one state: the work list starts from the
-- versions in that state, not from all of a party's agreements.
CREATE INDEX agreement_versions_state ON agreement_versions (state, agreement_id);

-- A name searched by the start of it, in lower case (a range on these).
CREATE INDEX budget_holders_family_lower ON budget_holders (LOWER(family_name));
CREATE INDEX providers_name_lower ON providers (LOWER(name));

-- The declarations a payment run would take (store.payable): accepted and
-- in no run yet, one index range, also while a national run of 1.8 million
-- accepted declarations waits to be executed.
CREATE INDEX declarations_payable ON declarations (state, payment_run_id, period_end);

-- A run's transfers in the order of the file, a page at a time.
CREATE INDEX payment_transfers_run_id ON payment_transfers (run_id, id);

-- A large verstrekker's budget holders in name order (store.SearchClients).
DROP INDEX budget_holders_family_name;
CREATE INDEX budget_holders_family_name ON budget_holders (family_name, initials, id);
