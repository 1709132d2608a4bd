package store

import (
	"context"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
)

// Audit appends records to the hash-chained audit log. The chain's head row
// is locked (PostgreSQL) or the writer is alone (SQLite), so records get
// consecutive numbers in commit order. Call it last in the transaction: the
// head lock is then held only briefly.
func (t *Tx) Audit(ctx context.Context, recs ...audit.Record) error {
	if len(recs) == 0 {
		return nil
	}
	if t.db.d.SealInDatabase {
		return t.auditSealedInDatabase(ctx, recs)
	}
	var seq int64
	var hash string
	if err := t.batch(ctx, PipelineQuery{SQL: `SELECT seq, hash FROM audit_head WHERE id = 1 ` + t.db.d.ForUpdate,
		Scan: one(func(rows Rows) error { return rows.Scan(&seq, &hash) })}); err != nil {
		return err
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash) VALUES `)
	args := make([]any, 0, 12*len(recs)+2)
	for i := range recs {
		r := &recs[i]
		audit.Seal(r, seq, hash)
		seq, hash = r.Seq, r.Hash
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		args = append(args, r.Seq, r.At, r.ActorID, r.ActorRole, r.ActingFor, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After, r.PrevHash, r.Hash)
	}
	if _, err := t.exec(ctx, q.String(), args...); err != nil {
		return err
	}
	_, err := t.exec(ctx, `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, seq, hash)
	return err
}

// auditSealedInDatabase appends each record with one statement that takes
// the chain's head, computes the record's hash there (SHA-256 over the same
// encoding as audit.ComputeHash: the head's hash and the next number, then
// audit.HashTail) and moves the head. The statements wait for the commit and
// go with it, so the head is locked only for the commit's own round trip,
// not from a read in one round trip to a write in the next: writers queue on
// it for a fraction of the time.
func (t *Tx) auditSealedInDatabase(ctx context.Context, recs []audit.Record) error {
	for _, r := range recs {
		r.At = r.At.UTC().Truncate(time.Microsecond) // both databases keep microseconds
		if err := t.later(ctx, `WITH h AS (SELECT seq + 1 AS seq, hash FROM audit_head WHERE id = 1 `+t.db.d.ForUpdate+`),
			rec AS (INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash)
				SELECT h.seq, ?, ?, ?, ?, ?, ?, ?, ?, ?, h.hash,
					encode(sha256(convert_to(length(h.hash) || ':' || h.hash || ';' || length(h.seq::text) || ':' || h.seq::text || ';', 'UTF8') || ?), 'hex')
				FROM h RETURNING seq, hash)
			UPDATE audit_head SET seq = rec.seq, hash = rec.hash FROM rec WHERE audit_head.id = 1`,
			r.At, r.ActorID, r.ActorRole, r.ActingFor, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After, audit.HashTail(r)); err != nil {
			return err
		}
	}
	return nil
}

// AuditHead returns the last record's number and hash.
func (t *Tx) AuditHead(ctx context.Context) (int64, string, error) {
	var seq int64
	var hash string
	err := t.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash)
	return seq, hash, err
}

const auditCols = `seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash`

// AuditRecords returns up to limit records with seq > after, in order.
func (t *Tx) AuditRecords(ctx context.Context, after int64, limit int) ([]audit.Record, error) {
	return t.auditQuery(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
}

// AuditOf lists the records about one object, newest first.
func (t *Tx) AuditOf(ctx context.Context, objectType string, objectID int64, limit int) ([]audit.Record, error) {
	return t.auditQuery(ctx, `SELECT `+auditCols+` FROM audit_log WHERE object_type = ? AND object_id = ? ORDER BY seq DESC LIMIT ?`, objectType, objectID, limit)
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
	return t.auditQuery(ctx, `SELECT `+auditCols+` FROM audit_log WHERE actor_account_id = ? ORDER BY seq DESC LIMIT ?`, accountID, limit)
}
