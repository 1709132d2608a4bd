package postgres

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// bulkInsert runs COPY ... FROM STDIN (binary) on a connection of the pool.
func bulkInsert(ctx context.Context, w *sql.DB, table string, cols []string, rows [][]any) (int64, error) {
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
	conn, err := w.Conn(ctx)
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

// maxID is the highest id of table, or of its identity sequence when that
// handed out a higher one (used or rolled back).
func maxID(table string) string {
	return `SELECT GREATEST(COALESCE((SELECT MAX(id) FROM ` + table + `), 0), COALESCE(` + lastValue(table) + `, 0))`
}

// resetIdentity moves table's identity sequence past its highest id after
// rows were loaded with explicit ids, never back.
func resetIdentity(table string) string {
	return `SELECT setval(pg_get_serial_sequence('` + table + `', 'id'), GREATEST((SELECT MAX(id) FROM ` + table + `), ` + lastValue(table) + `, 1))`
}

// lastValue is the last value the identity sequence of table handed out
// (NULL when it has handed out none).
func lastValue(table string) string {
	return `pg_sequence_last_value(pg_get_serial_sequence('` + table + `', 'id')::regclass)`
}
