package store

import (
	"context"
	"math/rand/v2"

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
	if t.db.d.SealAudit != nil {
		t.takeLane()
		if err := t.auditSealedInDatabase(ctx, recs); err != nil {
			return err
		}
		return t.writeEvents(ctx, recs)
	}
	if t.lane == 0 { // the writer is alone: any lane will do
		t.lane = rand.IntN(audit.Lanes) + 1
	}
	var l audit.Lane
	if err := t.batch(ctx, BatchQuery{SQL: `SELECT ` + laneCols + ` FROM audit_lanes WHERE lane = ? ` + t.db.d.ForUpdate, Args: []any{t.lane},
		Scan: one(func(rows Rows) (err error) { l, err = scanLane(rows); return err })}); err != nil {
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
	if _, err := t.exec(ctx, `UPDATE audit_lanes SET seq = ?, hash = ? WHERE lane = ?`, l.Seq, l.Hash, l.Lane); err != nil {
		return err
	}
	return t.writeEvents(ctx, recs)
}

// takeLane gives the transaction its lane (once): one no other transaction
// of this process writes in, when there is one, so that they do not queue
// on each other's lane lock; else any lane (another process's transactions
// may still share it: they then wait for each other's commit).
func (t *Tx) takeLane() {
	if t.lane != 0 {
		return
	}
	select {
	case t.lane = <-t.db.lanes:
		t.laneHeld = true
	default:
		t.lane = rand.IntN(audit.Lanes) + 1
	}
}

// freeLane gives the transaction's lane back when it has ended.
func (t *Tx) freeLane() {
	if t.laneHeld {
		t.laneHeld = false
		t.db.lanes <- t.lane
	}
}

// auditSealedInDatabase appends the records with the dialect's one
// statement that takes the lane's head, hashes each record there and moves
// the head (postgres.SealAudit).
func (t *Tx) auditSealedInDatabase(ctx context.Context, recs []audit.Record) error {
	q, args := t.db.d.SealAudit(t.lane, recs)
	return t.later(ctx, q, args...)
}

// AuditLanes returns the heads of the log's lanes, in lane order.
func (t *Tx) AuditLanes(ctx context.Context) ([]audit.Lane, error) {
	rows, err := t.query(ctx, `SELECT `+laneCols+` FROM audit_lanes ORDER BY lane`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Lane
	for rows.Next() {
		l, err := scanLane(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

const laneCols = `lane, seq, hash, fork_seq`

func scanLane(s interface{ Scan(...any) error }) (audit.Lane, error) {
	var l audit.Lane
	err := s.Scan(&l.Lane, &l.Seq, &l.Hash, &l.Fork)
	return l, err
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

// AuditCount is the number of records in the audit log.
func (t *Tx) AuditCount(ctx context.Context) (int64, error) {
	var n int64
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&n)
	return n, err
}
