package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// ExecForTest runs raw SQL outside the store's methods, to tamper with data
// in tests the way an attacker with database access could.
func ExecForTest(ctx context.Context, db *DB, q string) error {
	_, err := db.w.ExecContext(ctx, db.rebind(q))
	return err
}

// BadWriteForTest runs a write the database refuses (NULL into a NOT NULL
// column).
func BadWriteForTest(ctx context.Context, tx *Tx) error {
	_, err := tx.exec(ctx, `INSERT INTO outbox (to_email, subject, body, created_at) VALUES (?, NULL, ?, ?)`, "bad@example.nl", "b", "2026-01-01 00:00:00")
	return err
}

// MaxRates reads, through maxRatesQuery (what LoadCheckContext sends), the
// maximum rate of every care type for a provider kind, to hold it against
// MaxRate.
func (t *Tx) MaxRates(ctx context.Context, year int, law domain.Law, kind domain.ProviderKind, orgID int64) (map[string]domain.Cents, error) {
	out := map[domain.ProviderKind]map[string]domain.Cents{}
	err := t.batch(ctx, maxRatesQuery(`law = ? AND provider_kind = ? AND year <= ? AND organisation_id IN (0, ?)`,
		[]any{string(law), string(kind), year, orgID}, out))
	if out[kind] == nil {
		out[kind] = map[string]domain.Cents{}
	}
	return out[kind], err
}

// SetManyClientsAtForTest lowers the number of clients from which a
// verstrekker's list is read in name order; it returns the undo.
func SetManyClientsAtForTest(n int) func() {
	old := manyClientsAt
	manyClientsAt = n
	return func() { manyClientsAt = old }
}

// SetPayRunHookForTest calls f after the named steps of CreatePayRun (in
// the run's transaction); it returns the undo.
func SetPayRunHookForTest(f func(step string)) func() {
	old := payRunHook
	payRunHook = f
	return func() { payRunHook = old }
}

// LaterForTest queues a write as later does (laterOne with one).
func LaterForTest(ctx context.Context, tx *Tx, one bool, q string, args ...any) error {
	if one {
		return tx.laterOne(ctx, q, args...)
	}
	return tx.later(ctx, q, args...)
}

// WaitingForTest is how many writes wait to be sent.
func WaitingForTest(tx *Tx) int { return len(tx.pending) }

// CountPathsForTest counts the rows of q (a SELECT COUNT(*) with its
// arguments) through each way a statement of a transaction reaches the
// server: query, queryRow, a batch of one and of two, exec and execChanged
// (an UPDATE ... WHERE of the rows q counts, rewritten by the caller as
// update), insert (an INSERT ... SELECT of the rows q counts, ins).
func CountPathsForTest(update, ins string) map[string]func(ctx context.Context, tx *Tx, q string, args ...any) (int64, error) {
	count := func(n *int64) func(Rows) error {
		return one(func(rows Rows) error { return rows.Scan(n) })
	}
	return map[string]func(ctx context.Context, tx *Tx, q string, args ...any) (int64, error){
		"query": func(ctx context.Context, tx *Tx, q string, args ...any) (int64, error) {
			rows, err := tx.query(ctx, q, args...)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			var n int64
			return n, count(&n)(rows)
		},
		"queryRow": func(ctx context.Context, tx *Tx, q string, args ...any) (n int64, err error) {
			return n, tx.queryRow(ctx, q, args...).Scan(&n)
		},
		"batch": func(ctx context.Context, tx *Tx, q string, args ...any) (n int64, err error) {
			return n, tx.batch(ctx, BatchQuery{SQL: q, Args: args, Scan: count(&n)})
		},
		"batch of two": func(ctx context.Context, tx *Tx, q string, args ...any) (n int64, err error) {
			var m int64
			return n + m, tx.batch(ctx, BatchQuery{SQL: q, Args: args, Scan: count(&n)}, BatchQuery{SQL: `SELECT 0`, Scan: count(&m)})
		},
		"exec": func(ctx context.Context, tx *Tx, _ string, args ...any) (int64, error) {
			res, err := tx.exec(ctx, update, args...)
			if err != nil {
				return 0, err
			}
			return res.RowsAffected()
		},
		"execChanged": func(ctx context.Context, tx *Tx, _ string, args ...any) (int64, error) {
			changed, err := tx.execChanged(ctx, update, args...)
			if changed {
				return 1, err
			}
			return 0, err
		},
		"insert": func(ctx context.Context, tx *Tx, _ string, args ...any) (int64, error) {
			id, err := tx.insert(ctx, ins, args...)
			if errors.Is(err, sql.ErrNoRows) {
				return 0, nil
			}
			return min(id, 1), err
		},
	}
}
