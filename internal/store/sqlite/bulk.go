package sqlite

import (
	"context"
	"database/sql"
	"strings"
)

// maxVars bounds the placeholders of one statement (the library's limit is
// 32766).
const maxVars = 32000

// maxRows bounds the rows of one multi-row INSERT.
const maxRows = 500

// bulkInsert writes the rows in one transaction of multi-row INSERTs
// through a prepared statement, maxRows a statement.
func bulkInsert(ctx context.Context, w *sql.DB, table string, cols []string, rows [][]any) (int64, error) {
	per := min(maxRows, max(1, maxVars/len(cols)))
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	stmtFor := func(k int) (*sql.Stmt, error) {
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
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

// afterAnalyze keeps only the per-index statistics ANALYZE made
// (sqlite_stat1), not its samples (sqlite_stat4): with samples, a statement
// whose plan could depend on a bound value (every "day BETWEEN ? AND ?" of
// the checks) is compiled again whenever that value changes, which cost a
// third of the declaration flow's CPU; the plans the checks need come from
// stat1 alone.
func afterAnalyze(ctx context.Context, w *sql.DB) error {
	var n int
	if err := w.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'`).Scan(&n); err != nil || n == 0 {
		return err
	}
	if _, err := w.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
		return err
	}
	_, err := w.ExecContext(ctx, `ANALYZE sqlite_schema`) // reload the statistics
	return err
}
