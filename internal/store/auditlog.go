package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
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
	if t.db.d.SealInDatabase {
		t.takeLane()
		return t.auditSealedInDatabase(ctx, recs)
	}
	if t.lane == 0 { // the writer is alone: any lane will do
		t.lane = rand.IntN(audit.Lanes) + 1
	}
	var l audit.Lane
	if err := t.batch(ctx, PipelineQuery{SQL: `SELECT ` + laneCols + ` FROM audit_lanes WHERE lane = ? ` + t.db.d.ForUpdate, Args: []any{t.lane},
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
	_, err := t.exec(ctx, `UPDATE audit_lanes SET seq = ?, hash = ? WHERE lane = ?`, l.Seq, l.Hash, l.Lane)
	return err
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

// auditSealedInDatabase appends the records with one statement that takes
// the lane's head, computes each record's hash there (SHA-256 over the same
// encoding as audit.ComputeHash: the previous hash and the record's number,
// then audit.HashTail), inserts them and moves the head. The statement waits
// for the commit and goes with it, so the head is locked only for the
// commit's own round trip, not from a read in one round trip to a write in
// the next.
func (t *Tx) auditSealedInDatabase(ctx context.Context, recs []audit.Record) error {
	key := sealedKey{len(recs), t.db.d.ForUpdate}
	q, ok := sealedAudits.Load(key)
	if !ok {
		q, _ = sealedAudits.LoadOrStore(key, sealedAuditSQL(key.n, key.forUpdate))
	}
	return t.later(ctx, q.(string), sealedAuditArgs(t.lane, recs)...)
}

// sealedAudits keeps sealedAuditSQL's statements, built once for each
// number of records (a change writes one to a few).
var sealedAudits sync.Map // sealedKey → string

type sealedKey struct {
	n         int
	forUpdate string
}

// sealedAuditSQL is the statement of auditSealedInDatabase for n records:
// r1 follows the lane's head, r2 follows r1, and so on.
func sealedAuditSQL(n int, forUpdate string) string {
	var b strings.Builder
	b.WriteString(`WITH r0 AS (SELECT seq, hash FROM audit_lanes WHERE lane = ? ` + forUpdate + `)`)
	for i := 1; i <= n; i++ {
		p, r := "r"+strconv.Itoa(i-1), "r"+strconv.Itoa(i)
		fmt.Fprintf(&b, `,
	%[2]s AS (SELECT %[1]s.seq + %[3]d AS seq, %[1]s.hash AS prev, encode(sha256(convert_to(length(%[1]s.hash) || ':' || %[1]s.hash || ';' || length((%[1]s.seq + %[3]d)::text) || ':' || (%[1]s.seq + %[3]d)::text || ';', 'UTF8') || ?), 'hex') AS hash,
		?::timestamptz AS at, ?::bigint AS actor, ?::text AS role, ?::bigint AS acting_for, ?::text AS action, ?::text AS object_type, ?::bigint AS object_id, ?::text AS before_json, ?::text AS after_json FROM %[1]s)`,
			p, r, audit.Lanes)
	}
	b.WriteString(`,
	rec AS (INSERT INTO audit_log (seq, at, actor_account_id, actor_role, acting_for, action, object_type, object_id, before_json, after_json, prev_hash, hash)
		`)
	for i := 1; i <= n; i++ {
		if i > 1 {
			b.WriteString(` UNION ALL `)
		}
		fmt.Fprintf(&b, `SELECT seq, at, actor, role, acting_for, action, object_type, object_id, before_json, after_json, prev, hash FROM r%d`, i)
	}
	fmt.Fprintf(&b, `)
	UPDATE audit_lanes SET seq = r%[1]d.seq, hash = r%[1]d.hash FROM r%[1]d WHERE audit_lanes.lane = ?`, n)
	return b.String()
}

// sealedAuditArgs are sealedAuditSQL's arguments.
func sealedAuditArgs(lane int, recs []audit.Record) []any {
	args := make([]any, 0, 2+10*len(recs))
	args = append(args, lane)
	for _, r := range recs {
		r.At = r.At.UTC().Truncate(time.Microsecond) // both databases keep microseconds
		args = append(args, audit.HashTail(r), r.At, r.ActorID, r.ActorRole, r.ActingFor, r.Action, r.ObjectType, r.ObjectID, r.Before, r.After)
	}
	return append(args, lane)
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
