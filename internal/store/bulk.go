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
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// sqliteMaxVars bounds the placeholders of one SQLite statement (the
// library's limit is 32766).
const sqliteMaxVars = 32000

// sqliteMaxRows bounds the rows of one multi-row INSERT.
const sqliteMaxRows = 500

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
	if db.d.Name == "postgres" {
		n, err = db.copyPostgres(ctx, table, cols, rows)
	} else {
		n, err = db.insertSQLite(ctx, table, cols, rows)
	}
	if err != nil {
		return n, fmt.Errorf("store: bulk %s: %w", table, err)
	}
	return n, nil
}

// copyPostgres runs COPY ... FROM STDIN (binary) on a pool connection.
func (db *DB) copyPostgres(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	for _, r := range rows {
		for j, v := range r {
			if d, ok := v.(domain.Date); ok {
				if d.IsZero() {
					r[j] = nil
				} else {
					r[j] = d.Time()
				}
			}
		}
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int64
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is %T, not pgx", dc)
		}
		n, err = sc.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
	return n, err
}

// insertSQLite writes the rows in one transaction, sqliteMaxRows a statement.
func (db *DB) insertSQLite(ctx context.Context, table string, cols []string, rows [][]any) (int64, error) {
	per := min(sqliteMaxRows, max(1, sqliteMaxVars/len(cols)))
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmtFor := func(k int) (*sql.Stmt, error) {
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + valueRows(k, len(cols))
		return tx.PrepareContext(ctx, q)
	}
	full, err := stmtFor(per)
	if err != nil {
		return 0, err
	}
	defer full.Close()
	args := make([]any, 0, per*len(cols))
	var n int64
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		args = args[:0]
		for _, r := range rows[start:end] {
			args = append(args, r...)
		}
		stmt := full
		if end-start < per {
			if stmt, err = stmtFor(end - start); err != nil {
				return n, err
			}
			defer stmt.Close()
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return n, err
		}
		n += int64(end - start)
	}
	return n, tx.Commit()
}

// MaxID returns the highest id of a table (0 when it is empty), so that a
// bulk loader can number its own rows after it. On PostgreSQL that is also
// past the ids its sequence handed out, used or not: a running portal takes
// declaration ids ahead of time.
func (db *DB) MaxID(ctx context.Context, table string) (int64, error) {
	q := `SELECT MAX(id) FROM ` + table
	if db.d.Name == "postgres" {
		q = `SELECT GREATEST(COALESCE((SELECT MAX(id) FROM ` + table + `), 0), COALESCE(` + lastValue(table) + `, 0))`
	}
	var id sql.NullInt64
	if err := db.w.QueryRowContext(ctx, q).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: max id of %s: %w", table, err)
	}
	return id.Int64, nil
}

// lastValue is the last value PostgreSQL's identity sequence of table
// handed out (NULL when it has handed out none).
func lastValue(table string) string {
	return `pg_sequence_last_value(pg_get_serial_sequence('` + table + `', 'id')::regclass)`
}

// ResetIdentities moves PostgreSQL's identity sequences of the tables past
// their highest id after rows were loaded with explicit ids. SQLite numbers
// after the highest id by itself.
func (db *DB) ResetIdentities(ctx context.Context, tables ...string) error {
	if db.d.Name != "postgres" {
		return nil
	}
	for _, t := range tables {
		// Never back: ids handed out and not used yet stay behind it.
		q := `SELECT setval(pg_get_serial_sequence('` + t + `', 'id'), GREATEST((SELECT MAX(id) FROM ` + t + `), ` + lastValue(t) + `, 1))`
		if _, err := db.w.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: reset identity of %s: %w", t, err)
		}
	}
	return nil
}

// Analyze refreshes the planner's statistics after a bulk load (ANALYZE on
// both databases; PostgreSQL's autovacuum would do the same later).
//
// On SQLite only the per-index statistics are kept (sqlite_stat1), not the
// samples (sqlite_stat4): with samples, a statement whose plan could depend
// on a bound value (every "day BETWEEN ? AND ?" of the checks) is compiled
// again whenever that value changes, which cost a third of the declaration
// flow's CPU; the plans the checks need come from stat1 alone.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	if db.d.Name != "sqlite" {
		return nil
	}
	var n int
	if err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if _, err := db.w.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
		return fmt.Errorf("store: analyze: %w", err)
	}
	if _, err := db.w.ExecContext(ctx, `ANALYZE sqlite_schema`); err != nil { // reload the statistics
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
