-- A notice names the object it is about (a declaration, a settlement, the
-- budget holder's own details), so that it links there and is read on its
-- own; agreement_id stays for the notices about an agreement.
ALTER TABLE notices ADD COLUMN object_type TEXT NOT NULL DEFAULT '';
ALTER TABLE notices ADD COLUMN object_id BIGINT NOT NULL DEFAULT 0;
