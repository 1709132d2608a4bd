-- An organisation's staff (the mail of a notice to a verstrekker, when one of
-- its declarations is held for review): one index range, not a scan of every
-- role. Without it each held declaration of the month-end surge read all of
-- account_roles (4,664 blocks at national size, 0.1-0.5 s of the server's CPU).
-- Only staff roles name an organisation, so the index stays small.
CREATE INDEX account_roles_organisation ON account_roles (organisation_id, role) WHERE organisation_id IS NOT NULL;
