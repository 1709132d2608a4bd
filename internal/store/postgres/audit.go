package postgres

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/audit"
)

// sealAudit is the statement that appends recs to lane's chain: it takes the
// lane's head under its row lock, computes each record's hash in the
// database (SHA-256 over the same encoding as audit.ComputeHash: the
// previous hash and the record's number, then audit.HashTail), inserts the
// records and moves the head. Reading the head, hashing and writing are one
// statement, so the head is locked from this statement to the commit only.
func sealAudit(lane int, recs []audit.Record) (string, []any) {
	n := len(recs)
	q, ok := sealedAudits.Load(n)
	if !ok {
		q, _ = sealedAudits.LoadOrStore(n, sealedAuditSQL(n))
	}
	return q.(string), sealedAuditArgs(lane, recs)
}

// sealedAudits keeps sealedAuditSQL's statements, built once for each
// number of records (a change writes one to a few).
var sealedAudits sync.Map // int → string

// sealedAuditSQL is sealAudit's statement for n records: r1 follows the
// lane's head, r2 follows r1, and so on.
func sealedAuditSQL(n int) string {
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
