package store

import (
	"context"

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
