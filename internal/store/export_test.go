package store

import "context"

// ExecForTest runs raw SQL outside the store's methods, to tamper with data
// in tests the way an attacker with database access could.
func ExecForTest(ctx context.Context, db *DB, q string) error {
	_, err := db.w.ExecContext(ctx, db.rebind(q))
	return err
}
