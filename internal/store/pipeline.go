package store

import (
	"context"
	"database/sql"
	"errors"
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
}

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
	t.pending = append(t.pending, PipelineQuery{SQL: q, Args: args, Scan: func(Rows) error { return nil }})
	return nil
}

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
	// the same round trip would keep the rest: no row divides by zero.
	q = `WITH changed AS (` + q + ` RETURNING 1) SELECT 1 / COUNT(*) FROM changed`
	t.pending = append(t.pending, PipelineQuery{SQL: q, Args: args, Scan: func(Rows) error { return nil }, OneRow: true})
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
