-- The audit log in lanes (see package audit): eight chains side by side,
-- each with its own head, so that a writer waits only for a writer in its
-- own lane. Every lane starts from the single chain's last record (the
-- fork): lane k's first record is fork + k and links to the fork's hash.
CREATE TABLE audit_lanes (
    lane INTEGER PRIMARY KEY CHECK (lane BETWEEN 1 AND 8),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    fork_seq BIGINT NOT NULL
);
INSERT INTO audit_lanes (lane, seq, hash, fork_seq)
SELECT k.lane, h.seq - 8 + k.lane, h.hash, h.seq
FROM audit_head h,
     (SELECT 1 AS lane UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8) k
WHERE h.id = 1;
DROP TABLE audit_head;
