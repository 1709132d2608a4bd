package store

// Bulk loading, for synthetic datasets and migrations of data from elsewhere:
// rows go in by the batch, bypassing the use cases (no audit records, no
// per-row checks beyond the database's own constraints). On PostgreSQL a
// batch is one COPY; on SQLite one transaction of multi-row INSERTs through
// a prepared statement.

import (
	"context"
	"database/sql"
	"fmt"
)

// BulkInsert writes rows (each with a value per column, in cols' order) into
// table in one transaction and returns the number of rows written. Values
// are what the store writes elsewhere: int64, string, bool, time.Time,
// domain.Date (the zero date is NULL) and nil. Explicit ids are kept; call
// ResetIdentities afterwards so that later inserts continue after them.
func (db *DB) BulkInsert(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	if len(rows) == 0 {
		return 0, nil
	}
	for i, r := range rows {
		if len(r) != len(cols) {
			return 0, fmt.Errorf("store: bulk %s: row %d has %d values for %d columns", table, i, len(r), len(cols))
		}
	}
	var n int64
	var err error
	n, err = db.d.BulkInsert(ctx, db.w, table, cols, rows)
	if err != nil {
		return n, fmt.Errorf("store: bulk %s: %w", table, err)
	}
	return n, nil
}

// MaxID returns the highest id of a table (0 when it is empty), so that a
// bulk loader can number its own rows after it (on PostgreSQL also past the
// ids its sequence handed out, used or rolled back).
func (db *DB) MaxID(ctx context.Context, table string) (int64, error) {
	q := `SELECT MAX(id) FROM ` + table
	if db.d.MaxID != nil {
		q = db.d.MaxID(table)
	}
	var id sql.NullInt64
	if err := db.w.QueryRowContext(ctx, q).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: max id of %s: %w", table, err)
	}
	return id.Int64, nil
}

// ResetIdentities moves PostgreSQL's identity sequences of the tables past
// their highest id after rows were loaded with explicit ids. SQLite numbers
// after the highest id by itself.
func (db *DB) ResetIdentities(ctx context.Context, tables ...string) error {
	if db.d.ResetIdentity == nil {
		return nil
	}
	for _, t := range tables {
		q := db.d.ResetIdentity(t)
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: reset identity of %s: %w", t, err)
		}
	}
	return nil
}

// Analyze refreshes the planner's statistics after a bulk load (ANALYZE on
// both databases; PostgreSQL's autovacuum would do the same later).
//
// The dialect may then adjust them (SQLite drops its samples: see
// sqlite.Dialect's AfterAnalyze).
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	if db.d.AfterAnalyze == nil {
		return nil
	}
	if err := db.d.AfterAnalyze(ctx, db.w); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	return nil
}

// RawQuery runs a read-only query outside the use cases, for tools that
// measure or inspect the database (benchmarks, EXPLAIN). Placeholders are
// written '?' for both databases. scan is called once per row.
func (db *DB) RawQuery(ctx context.Context, q string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.r.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return fmt.Errorf("store: raw query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: raw query: %w", err)
	}
	return nil
}

// RawExec runs a statement on the write pool outside the use cases, for
// tools (creating a scratch schema, ANALYZE). Placeholders are written '?'.
func (db *DB) RawExec(ctx context.Context, q string, args ...any) error {
	if _, err := db.w.ExecContext(ctx, db.rebind(q), args...); err != nil {
		return fmt.Errorf("store: raw exec: %w", err)
	}
	return nil
}
