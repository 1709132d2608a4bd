package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
)

// Rows are the rows of a query, as both drivers give them.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// PipelineQuery is one query of a batch; its rows go to Scan.
type PipelineQuery struct {
	SQL     string
	Args    []any
	Scan    func(Rows) error
	OneRow  bool // laterOne's write: a division by zero there means it changed no row
	control bool // BEGIN or COMMIT: not counted as a statement
	write   *write
}

// write describes a write waiting for the transaction's next round trip
// (later, laterOne, Audit). Where the dialect pipelines, the writes waiting
// together go to the server as one statement (mergeWrites): each is a
// data-modifying WITH query of it, so that a declaration's insert, its
// lines, its notices, its e-mails and its audit records are one statement
// to parse, plan and run, not five.
type write struct {
	ctes   string   // the WITH queries its statement needs before it, each followed by a comma ("" for none)
	tables []string // the tables it writes
	// plain: an INSERT ... VALUES, independent of any other write. Others
	// read what they change (an UPDATE, an INSERT ... SELECT) and are
	// never joined with a write to one of their tables: the queries of one
	// statement all see the database as it was before it, not each other's
	// changes.
	plain bool
}

// writeOf describes the write q ("INSERT INTO t ...", "UPDATE t ..."), or
// returns nil for a statement that cannot be one query of a WITH.
func writeOf(q string) *write {
	q = strings.TrimSpace(q)
	var rest string
	switch {
	case strings.HasPrefix(q, "INSERT INTO "):
		rest = q[len("INSERT INTO "):]
	case strings.HasPrefix(q, "UPDATE "):
		rest = q[len("UPDATE "):]
	default:
		return nil
	}
	table, _, _ := strings.Cut(rest, " ")
	if table == "" || strings.ContainsAny(table, "(),") {
		return nil
	}
	plain := strings.HasPrefix(q, "INSERT") && strings.Contains(q, ") VALUES (") && !strings.Contains(strings.ToUpper(q), "SELECT")
	return &write{tables: []string{table}, plain: plain}
}

// mergeWrites turns each run of waiting writes in qs into one statement,
// as long as its writes are independent of each other; a write that stays
// alone gets the form of its own (its WITH queries, laterOne's check).
func mergeWrites(qs []PipelineQuery) []PipelineQuery {
	out := make([]PipelineQuery, 0, len(qs))
	for i := 0; i < len(qs); {
		if qs[i].write == nil {
			out = append(out, qs[i])
			i++
			continue
		}
		j := i + 1
		for j < len(qs) && qs[j].write != nil && independent(qs[i:j], qs[j].write) {
			j++
		}
		out = append(out, merged(qs[i:j]))
		i = j
	}
	return out
}

// independent reports whether w may join the writes of group.
func independent(group []PipelineQuery, w *write) bool {
	for _, g := range group {
		if g.write.plain && w.plain {
			continue
		}
		for _, t := range g.write.tables {
			if slices.Contains(w.tables, t) {
				return false
			}
		}
	}
	return true
}

// merged is the statement of a run of writes: each a WITH query, and a
// SELECT that divides by the rows of each of laterOne's, so that one that
// changed none fails the transaction on the server (the COMMIT goes in
// the same round trip).
func merged(group []PipelineQuery) PipelineQuery {
	if len(group) == 1 {
		q := group[0]
		if q.OneRow {
			q.SQL = `WITH ` + q.write.ctes + `changed AS (` + q.SQL + ` RETURNING 1) SELECT 1 / COUNT(*) FROM changed`
		} else if q.write.ctes != "" {
			q.SQL = `WITH ` + strings.TrimSuffix(strings.TrimSpace(q.write.ctes), ",") + "\n" + q.SQL
		}
		q.write = nil
		return q
	}
	var b strings.Builder
	var args []any
	checks := []string{}
	oneRow := false
	b.WriteString("WITH ")
	for k, q := range group {
		name := "w" + strconv.Itoa(k+1)
		if k > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(q.write.ctes)
		b.WriteString(name + " AS (" + q.SQL + " RETURNING 1)")
		args = append(args, q.Args...)
		if q.OneRow {
			oneRow = true
			checks = append(checks, "1 / (SELECT COUNT(*) FROM "+name+")")
		}
	}
	if len(checks) == 0 {
		checks = append(checks, "1")
	}
	b.WriteString("\nSELECT " + strings.Join(checks, ", "))
	return PipelineQuery{SQL: b.String(), Args: args, Scan: noRows, OneRow: oneRow}
}

// noRows reads nothing of a write's result.
func noRows(Rows) error { return nil }

// pipelines reports whether the transaction sends its statements in
// batches and runs BEGIN and COMMIT itself (PostgreSQL).
func (t *Tx) pipelines() bool { return t.conn != nil && t.db.d.Pipeline != nil }

// batch runs queries that do not need each other's results. Where the
// dialect can (PostgreSQL), they go to the server together and come back
// in one round trip; elsewhere they run one after another. The first error
// is returned (on PostgreSQL the transaction is then aborted anyway).
func (t *Tx) batch(ctx context.Context, qs ...PipelineQuery) error {
	if len(t.pending) > 0 { // the writes waiting go first, in the same round trip
		qs = append(t.pending, qs...)
		t.pending = nil
	}
	if !t.pipelines() { // (no BEGIN or COMMIT waits here: the driver's transaction has them)
		for _, pq := range qs {
			rows, err := t.query(ctx, pq.SQL, pq.Args...)
			if err != nil {
				return err
			}
			err = pq.Scan(rows)
			rows.Close()
			if err == nil {
				err = rows.Err()
			}
			if err != nil {
				return t.wrap(err)
			}
		}
		return nil
	}
	roundTrips.Add(1)
	qs = mergeWrites(qs)
	bound := make([]PipelineQuery, len(qs))
	for i, pq := range qs {
		if pq.control {
			t.begun = true
		} else {
			statements.Add(1)
		}
		bound[i] = PipelineQuery{SQL: t.db.rebind(pq.SQL), Args: pq.Args, Scan: pq.Scan, OneRow: pq.OneRow}
	}
	err := t.conn.Raw(func(dc any) error { return t.db.d.Pipeline(ctx, dc, bound) })
	if err != nil && t.failed == nil {
		t.failed = t.wrap(err)
	}
	return t.wrap(err)
}

// later runs a write whose result nobody reads (an INSERT into a log or an
// inbox, an UPDATE of rows already checked). Where the dialect pipelines it
// waits for the transaction's next round trip (a query, or the commit) and
// goes with it; an error it gives is returned there, and the transaction
// fails. Elsewhere it runs at once.
func (t *Tx) later(ctx context.Context, q string, args ...any) error {
	if !t.pipelines() {
		_, err := t.exec(ctx, q, args...)
		return err
	}
	t.wait(PipelineQuery{SQL: q, Args: args, Scan: noRows, write: writeOf(q)})
	return nil
}

// wait puts a write among those waiting for the next round trip.
func (t *Tx) wait(q PipelineQuery) { t.pending = append(t.pending, q) }

// ErrNotOneRow fails a transaction whose write meant for one row
// (laterOne) changed none.
var ErrNotOneRow = errors.New("store: a write meant for one row changed none")

// laterOne is later for an UPDATE that must change a row; if it changes
// none, the transaction fails with ErrNotOneRow.
func (t *Tx) laterOne(ctx context.Context, q string, args ...any) error {
	if !t.pipelines() {
		changed, err := t.execChanged(ctx, q, args...)
		if err == nil && !changed {
			err = ErrNotOneRow
		}
		return err
	}
	// The server itself must fail the transaction, or the COMMIT sent in
	// the same round trip would keep the rest: no row divides by zero (see
	// merged).
	pq := PipelineQuery{SQL: q, Args: args, Scan: noRows, OneRow: true, write: writeOf(q)}
	if pq.write == nil { // not to be joined with others: checked on its own
		pq = merged([]PipelineQuery{{SQL: q, Args: args, Scan: noRows, OneRow: true, write: &write{}}})
	}
	t.wait(pq)
	return nil
}

// execChanged runs a write at once and reports whether it changed a row.
func (t *Tx) execChanged(ctx context.Context, q string, args ...any) (bool, error) {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// flush sends the writes waiting, if any.
func (t *Tx) flush(ctx context.Context) error {
	if len(t.pending) == 0 {
		return nil
	}
	err := t.batch(ctx)
	if err != nil && t.failed == nil {
		t.failed = err
	}
	return err
}

// one scans the single row of a query into scan; no row is sql.ErrNoRows.
func one(scan func(Rows) error) func(Rows) error {
	return func(rows Rows) error {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return sql.ErrNoRows
		}
		return scan(rows)
	}
}
