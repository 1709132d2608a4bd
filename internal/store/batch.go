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

// BatchQuery is one read of a batch; its rows go to Scan.
type BatchQuery struct {
	SQL  string
	Args []any
	Scan func(Rows) error
}

// batch runs reads that do not need each other's results: a declaration
// with its lines and agreement, the facts the checks need. Where the dialect
// can (PostgreSQL), they go to the server together and come back in one
// round trip; elsewhere they run one after another. The first error is
// returned. Only reads go in a batch: a write runs where it is written
// (exec), so that its error is the caller's at once.
func (t *Tx) batch(ctx context.Context, qs ...BatchQuery) error {
	if t.db.d.Batch == nil || len(qs) == 1 {
		for _, q := range qs {
			if err := t.read(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}
	bound := make([]BatchQuery, len(qs))
	for i, q := range qs {
		bound[i] = BatchQuery{SQL: t.db.rebind(q.SQL), Args: q.Args, Scan: q.Scan}
	}
	err := t.conn.Raw(func(dc any) error { return t.db.d.Batch(ctx, dc, bound) })
	return t.wrap(err)
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
