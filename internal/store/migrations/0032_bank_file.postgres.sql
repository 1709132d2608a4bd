-- docs (issue 21): the bank file.
-- A transfer's category purpose: 'SALA' for wages (the payroll maandloon),
-- written in a payment information block of their own; '' for the rest.
ALTER TABLE payment_transfers ADD COLUMN purpose TEXT NOT NULL DEFAULT '';

-- This installation's own values, set once when its database is made and
-- kept: msg_prefix is a random part of every payment file's MsgId, so that
-- two databases (a second environment, a reinstall) never give the bank the
-- same MsgId.
CREATE TABLE IF NOT EXISTS instance_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO instance_settings (name, value) VALUES ('msg_prefix', upper(substr(replace(CAST(gen_random_uuid() AS TEXT), '-', ''), 1, 8))) ON CONFLICT (name) DO NOTHING;
