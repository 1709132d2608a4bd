-- The floor of a declaration (pgb bench -surge): the rows the surge's
-- declaration keeps, written by pgbench with nothing else. A submit (the
-- declaration, its lines, a notice and its mail, three audit records in
-- the chain of a lane, an event) and an approval (the grant and its
-- balance locked, the balance, a posting, two notices and their mail, the
-- declaration's new state, an audit record, an event), each in one
-- transaction; no checks, and no reads but the agreement and the grant.
-- It runs in a schema of copies of these tables (search_path), beside the
-- real agreements, grants, providers and budget holders. (A colon before a
-- name is a pgbench variable: none in the JSON texts.)
\set ag random(1, :agreements)
\set lane random(1, 8)
SELECT id AS ag, budget_holder_id AS h, provider_id AS p, grant_id AS g, verstrekker_id AS v FROM agreements WHERE id >= :ag ORDER BY id LIMIT 1 \gset
BEGIN;
INSERT INTO declarations (agreement_id, budget_holder_id, provider_id, grant_id, kind, period_start, period_end, state, invoice_number, invoice_total_cents, total_cents, has_attachment, travel_km, travel_per_km_cents, amount_cents, source, entered_by, created_at, updated_at, sent_to_holder, findings_json, reason, verstrekker_id) VALUES (:ag, :h, :p, :g, 'zorg', '2026-11-01', '2026-11-30', 'bij_budgethouder', '', 0, 400, false, 0, 0, 400, 'api', 1, now(), now(), current_date, '[]', '', :v) RETURNING id AS d \gset
INSERT INTO declaration_lines (declaration_id, provider_id, budget_holder_id, day, care_type, unit, units, rate_cents, amount_cents, counts) VALUES (:d, :p, :h, '2026-11-02', 'begeleiding', 'uur', 100, 100, 100, true), (:d, :p, :h, '2026-11-03', 'begeleiding', 'uur', 100, 100, 100, true), (:d, :p, :h, '2026-11-04', 'begeleiding', 'uur', 100, 100, 100, true), (:d, :p, :h, '2026-11-05', 'begeleiding', 'uur', 100, 100, 100, true);
INSERT INTO notices (target_kind, target_id, agreement_id, text_key, args_json, created_at, object_type, object_id) VALUES ('budget_holder', :h, :ag, 'notice.declaration_to_approve', '[]', now(), 'declaration', :d);
INSERT INTO outbox (to_email, subject, body, created_at) VALUES ('floor@example.nl', 'Declaratie', 'Er wacht een declaratie op uw goedkeuring.', now());
WITH r0 AS (SELECT seq, hash FROM audit_lanes WHERE lane = :lane FOR NO KEY UPDATE), r1 AS (SELECT r0.seq + 8 AS seq, r0.hash AS prev, encode(sha256(convert_to(r0.hash || ';1', 'UTF8')), 'hex') AS hash FROM r0), r2 AS (SELECT r1.seq + 8 AS seq, r1.hash AS prev, encode(sha256(convert_to(r1.hash || ';2', 'UTF8')), 'hex') AS hash FROM r1), r3 AS (SELECT r2.seq + 8 AS seq, r2.hash AS prev, encode(sha256(convert_to(r2.hash || ';3', 'UTF8')), 'hex') AS hash FROM r2), rec AS (INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash) SELECT seq, now(), 1, 'zorgverlener', 0, 'declaration.submit', 'declaration', :d::bigint, '', '{"state":"bij_budgethouder","amount_cents":400}', prev, hash FROM r1 UNION ALL SELECT seq, now(), 1, 'zorgverlener', 0, 'declaration.send', 'declaration', :d::bigint, '', '{"sent_to_holder": true}', prev, hash FROM r2 UNION ALL SELECT seq, now(), 1, 'zorgverlener', 0, 'notice', 'declaration', :d::bigint, '', '{}', prev, hash FROM r3) UPDATE audit_lanes SET seq = r3.seq, hash = r3.hash FROM r3 WHERE audit_lanes.lane = :lane;
INSERT INTO events (at, type, object_type, object_id, state, budget_holder_id, provider_id, verstrekker_id, svb) VALUES (now(), 'declaration.submitted', 'declaration', :d, 'bij_budgethouder', :h, :p, :v, true);
COMMIT;
BEGIN;
SELECT b.granted_cents FROM grants g JOIN grant_balances b ON b.grant_id = g.id WHERE g.id = :g FOR NO KEY UPDATE OF g, b;
UPDATE grant_balances SET reserved_cents = reserved_cents + 400 WHERE grant_id = :g;
INSERT INTO postings (grant_id, kind, from_account, to_account, amount_cents, booking_date, ref_type, ref_id, created_at) VALUES (:g, 'reserved', 'available', 'reserved', 400, current_date, 'declaration', :d, now());
INSERT INTO notices (target_kind, target_id, agreement_id, text_key, args_json, created_at, object_type, object_id) VALUES ('budget_holder', :h, :ag, 'notice.declaration_accepted', '[]', now(), 'declaration', :d), ('provider', :p, :ag, 'notice.declaration_accepted', '[]', now(), 'declaration', :d);
INSERT INTO outbox (to_email, subject, body, created_at) VALUES ('floor@example.nl', 'Declaratie', 'Uw declaratie is goedgekeurd.', now()), ('floor2@example.nl', 'Declaratie', 'Uw declaratie is goedgekeurd.', now());
UPDATE declarations SET state = 'geaccepteerd', submitted_by_holder = current_date, row_version = row_version + 1, updated_at = now() WHERE id = :d AND row_version = 1;
WITH r0 AS (SELECT seq, hash FROM audit_lanes WHERE lane = :lane FOR NO KEY UPDATE), r1 AS (SELECT r0.seq + 8 AS seq, r0.hash AS prev, encode(sha256(convert_to(r0.hash || ';4', 'UTF8')), 'hex') AS hash FROM r0), rec AS (INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash) SELECT seq, now(), 2, 'budgethouder', 0, 'declaration.approve', 'declaration', :d::bigint, '{"state":"bij_budgethouder"}', '{"state":"geaccepteerd"}', prev, hash FROM r1) UPDATE audit_lanes SET seq = r1.seq, hash = r1.hash FROM r1 WHERE audit_lanes.lane = :lane;
INSERT INTO events (at, type, object_type, object_id, state, budget_holder_id, provider_id, verstrekker_id, svb) VALUES (now(), 'declaration.accepted', 'declaration', :d, 'geaccepteerd', :h, :p, :v, true);
COMMIT;
