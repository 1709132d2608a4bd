package store

import (
	"context"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
)

// Audit appends records to the hash-chained audit log, in one of its lanes
// (package audit), the same for the whole transaction. The lane's head row
// is locked (PostgreSQL) or the writer is alone (SQLite), so a lane's
// records get their numbers in commit order. Call it last in the
// transaction: the lock is then held only briefly.
func (t *Tx) Audit(ctx context.Context, recs ...audit.Record) error {
	if len(recs) == 0 {
		return nil
	}
	if t.lane == 0 { // one lane for the whole transaction: one lock to wait for
		t.lane = rand.IntN(audit.Lanes) + 1
	}
	if t.db.d.SealInDatabase {
		return t.auditSealedInDatabase(ctx, recs)
	}
	var l audit.Lane
	if err := t.batch(ctx, PipelineQuery{SQL: `SELECT lane, seq, hash, fork_seq FROM audit_lanes WHERE lane = ? ` + t.db.d.ForUpdate, Args: []any{t.lane},
		Scan: one(func(rows Rows) error { return rows.Scan(&l.Lane, &l.Seq, &l.Hash, &l.Fork) })}); err != nil {
		return err
	}
	args := make([]any, 0, 12*len(recs))
	for i := range recs {
		r := &recs[i]
		audit.Seal(r, &l)
		args = append(args, r.Seq, r.At, r.ActorID, r.ActorRole, r.ActingFor, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After, r.PrevHash, r.Hash)
	}
	q := `INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash) VALUES ` +
		valueRows(len(recs), 12)
	if _, err := t.exec(ctx, q, args...); err != nil {
		return err
	}
	_, err := t.exec(ctx, `UPDATE audit_lanes SET seq = ?, hash = ? WHERE lane = ?`, l.Seq, l.Hash, l.Lane)
	return err
}

// auditSealedInDatabase appends each record with one statement that takes
// the lane's head, computes the record's hash there (SHA-256 over the same
// encoding as audit.ComputeHash: the head's hash and the next number, then
// audit.HashTail) and moves the head. The statements wait for the commit and
// go with it, so the head is locked only for the commit's own round trip,
// not from a read in one round trip to a write in the next: writers queue on
// it for a fraction of the time, and only writers in the same lane.
func (t *Tx) auditSealedInDatabase(ctx context.Context, recs []audit.Record) error {
	for _, r := range recs {
		r.At = r.At.UTC().Truncate(time.Microsecond) // both databases keep microseconds
		if err := t.later(ctx, `WITH h AS (SELECT seq + `+strconv.Itoa(audit.Lanes)+` AS seq, hash FROM audit_lanes WHERE lane = ? `+t.db.d.ForUpdate+`),
			rec AS (INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash)
				SELECT h.seq, ?, ?, ?, ?, ?, ?, ?, ?, ?, h.hash,
					encode(sha256(convert_to(length(h.hash) || ':' || h.hash || ';' || length(h.seq::text) || ':' || h.seq::text || ';', 'UTF8') || ?), 'hex')
				FROM h RETURNING seq, hash)
			UPDATE audit_lanes SET seq = rec.seq, hash = rec.hash FROM rec WHERE audit_lanes.lane = ?`,
			t.lane, r.At, r.ActorID, r.ActorRole, r.ActingFor, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After, audit.HashTail(r), t.lane); err != nil {
			return err
		}
	}
	return nil
}

// AuditLanes returns the heads of the log's lanes, in lane order.
func (t *Tx) AuditLanes(ctx context.Context) ([]audit.Lane, error) {
	rows, err := t.query(ctx, `SELECT lane, seq, hash, fork_seq FROM audit_lanes ORDER BY lane`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Lane
	for rows.Next() {
		var l audit.Lane
		if err := rows.Scan(&l.Lane, &l.Seq, &l.Hash, &l.Fork); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

const auditCols = `seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash`

// AuditRecords returns up to limit records with seq > after, in order.
func (t *Tx) AuditRecords(ctx context.Context, after int64, limit int) ([]audit.Record, error) {
	return t.auditQuery(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
}

// AuditOf lists the records about one object, newest first.
func (t *Tx) AuditOf(ctx context.Context, objectType string, objectID int64, limit int) ([]audit.Record, error) {
	return t.auditQuery(ctx, `SELECT `+auditCols+` FROM audit_log WHERE object_type = ? AND object_id = ? ORDER BY `+t.db.d.AuditOrder+` DESC LIMIT ?`, objectType, objectID, limit)
}

func (t *Tx) auditQuery(ctx context.Context, q string, args ...any) ([]audit.Record, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Record
	for rows.Next() {
		var r audit.Record
		if err := rows.Scan(&r.Seq, &r.At, &r.ActorID, &r.ActorRole, &r.ActingFor, &r.Action, &r.ObjectType, &r.ObjectID, &r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
			return nil, err
		}
		r.At = r.At.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// AuditByActor lists the records of what an account did, newest first.
func (t *Tx) AuditByActor(ctx context.Context, accountID int64, limit int) ([]audit.Record, error) {
	return t.auditQuery(ctx, `SELECT `+auditCols+` FROM audit_log WHERE actor_account_id = ? ORDER BY `+t.db.d.AuditOrder+` DESC LIMIT ?`, accountID, limit)
}
