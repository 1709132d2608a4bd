-- The verstrekker's work list names the declarations refused as late (to
-- allow or not): few among millions, read from this partial index by
-- verstrekker in id order (store.DeclarationsRefusedLate writes the same
-- condition out).
CREATE INDEX declarations_refused_late ON declarations (verstrekker_id, id)
    WHERE state = 'geweigerd' AND findings_json LIKE '%"code":"late_to_%';
