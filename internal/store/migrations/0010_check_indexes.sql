-- Indexes found with pgb bench on the national dataset (EXPLAIN ANALYZE on
-- the provider with the most budget holders: 767 agreements, 20,094 lines).

-- The checks read a provider's counted lines around the period and its
-- hours per month: covered by one index, without reading the table
-- (PostgreSQL: 20.5 ms cold → 1.2 ms; 6.5 ms → 0.35 ms).
CREATE INDEX declaration_lines_provider_counted ON declaration_lines
    (provider_id, counts, day, unit, units, budget_holder_id, care_type, declaration_id);
DROP INDEX declaration_lines_provider_day;

-- The maximum-tariff look-up bounds the year with <=: lead with the equalities.
CREATE INDEX tariffs_lookup ON tariffs (law, care_type, provider_kind, organisation_id, year);

-- Finding the accounts of a provider or budget holder (notices, invitations).
CREATE INDEX account_roles_provider ON account_roles (provider_id);
CREATE INDEX account_roles_budget_holder ON account_roles (budget_holder_id);
