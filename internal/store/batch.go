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

// BatchQuery is one query of a batch: a read, whose rows go to Scan, or
// a write waiting (Scan nil), whose number of rows changed goes to Wrote.
type BatchQuery struct {
	SQL   string
	Args  []any
	Scan  func(Rows) error
	Wrote func(rowsAffected int64) error
}

// batch runs reads that do not need each other's results: a declaration
// with its lines and agreement, the facts the checks need. Where the dialect
// can (PostgreSQL), they go to the server together, after the writes
// waiting (later), and come back in one round trip; elsewhere they run one
// after another. The first error is returned.
func (t *Tx) batch(ctx context.Context, qs ...BatchQuery) error {
	if t.failed != nil {
		return t.failed
	}
	if !t.batches() || (len(qs) == 1 && len(t.pending) == 0) {
		for _, q := range qs {
			if err := t.read(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}
	bound := make([]BatchQuery, 0, len(t.pending)+len(qs))
	wrote := 0 // writes that went well: fewer than sent, and one failed
	for _, w := range t.pending {
		check := w.Wrote
		bound = append(bound, BatchQuery{SQL: w.SQL, Args: w.Args, Wrote: func(n int64) error {
			if check != nil {
				if err := check(n); err != nil {
					return err
				}
			}
			wrote++
			return nil
		}})
	}
	writes := len(t.pending)
	t.pending = nil
	bound = t.db.bind(bound, qs)
	err := t.wrap(t.conn.Raw(func(dc any) error { return t.db.d.Batch(ctx, dc, bound) }))
	if err != nil && wrote < writes {
		t.failed = err // a write the change needs is not there: nothing may be committed
	}
	return err
}

// bind appends qs to bound with their placeholders as the database writes
// them.
func (db *DB) bind(bound, qs []BatchQuery) []BatchQuery {
	for _, q := range qs {
		bound = append(bound, BatchQuery{SQL: db.rebind(q.SQL), Args: q.Args, Scan: q.Scan})
	}
	return bound
}

// batches reports whether the transaction sends queries in batches, and so
// keeps writes waiting (PostgreSQL; not SQLite, whose group of changes has
// no conn: nothing waits there, and its commit need not send anything).
func (t *Tx) batches() bool { return t.db.d.Batch != nil && t.conn != nil }

// later runs a write whose result nobody reads and whose failure can only
// fail the transaction: a declaration's lines, a notice, an e-mail in the
// outbox, a posting, the audit records and the events. Where the
// transaction batches, it waits until the transaction's next statement or
// its commit, and the writes waiting go to the server together, in order,
// in one round trip (with the next batch of reads, where that comes
// first): every statement after it sees it, as if it had run at once. Its
// error (wrapped as wrap does) is then the error of that statement, and
// fails the transaction. Elsewhere it runs at once.
func (t *Tx) later(ctx context.Context, q string, args ...any) error {
	if !t.batches() {
		_, err := t.exec(ctx, q, args...)
		return err
	}
	t.pending = append(t.pending, BatchQuery{SQL: t.db.rebind(q), Args: args})
	return nil
}

// laterOne is later for an UPDATE that must change a row (execOne): if it
// changes none, the transaction fails with ErrNotOneRow when it is sent.
// Only for a row the transaction holds under its lock, where a miss is the
// program's error and no caller decides on it.
func (t *Tx) laterOne(ctx context.Context, q string, args ...any) error {
	if !t.batches() {
		return t.execOne(ctx, q, args...)
	}
	t.pending = append(t.pending, BatchQuery{SQL: t.db.rebind(q), Args: args, Wrote: func(n int64) error {
		if n == 0 {
			return ErrNotOneRow
		}
		return nil
	}})
	return nil
}

// flush sends the writes waiting, if any; every statement of the
// transaction and its commit go after it.
func (t *Tx) flush(ctx context.Context) error {
	if t.failed != nil || len(t.pending) == 0 {
		return t.failed
	}
	return t.batch(ctx)
}

// read runs one query of a batch on its own.
func (t *Tx) read(ctx context.Context, q BatchQuery) error {
	rows, err := t.query(ctx, q.SQL, q.Args...)
	if err != nil {
		return err
	}
	err = q.Scan(rows)
	rows.Close()
	if err == nil {
		err = rows.Err()
	}
	return t.wrap(err)
}

// ErrNotOneRow is the error of a write meant for one row (execOne) that
// changed none: the row is not as the transaction read it.
var ErrNotOneRow = errors.New("store: a write meant for one row changed none")

// execOne runs an UPDATE that must change a row; if it changes none, it
// returns ErrNotOneRow.
func (t *Tx) execOne(ctx context.Context, q string, args ...any) error {
	changed, err := t.execChanged(ctx, q, args...)
	if err == nil && !changed {
		err = ErrNotOneRow
	}
	return err
}

// execChanged runs a write and reports whether it changed a row.
func (t *Tx) execChanged(ctx context.Context, q string, args ...any) (bool, error) {
	res, err := t.exec(ctx, q, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
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
