-- One running agreement per provider per budget holder, kept by the
-- database itself so that two creations at the same moment cannot both pass.
CREATE UNIQUE INDEX agreements_one_running ON agreements (budget_holder_id, provider_id) WHERE ended = FALSE;
