-- A declaration is in a payment run only once it is paid: until then both
-- columns are NULL. Indexing only the rows that have them spares every new
-- declaration two index entries (the payment run finds its rows as before:
-- "payment_run_id = ?" implies NOT NULL).
DROP INDEX declarations_payment_run;
DROP INDEX declarations_payment_transfer;
CREATE INDEX declarations_payment_run ON declarations (payment_run_id) WHERE payment_run_id IS NOT NULL;
CREATE INDEX declarations_payment_transfer ON declarations (payment_transfer_id) WHERE payment_transfer_id IS NOT NULL;
