package store

import "context"

// ExecForTest runs raw SQL outside the store's methods, to tamper with data
// in tests the way an attacker with database access could.
func ExecForTest(ctx context.Context, db *DB, q string) error {
	_, err := db.w.ExecContext(ctx, db.rebind(q))
	return err
}

// BadWriteForTest queues a write the database refuses (NULL into a NOT
// NULL column), as a write nobody reads back.
func BadWriteForTest(ctx context.Context, tx *Tx) error {
	return tx.later(ctx, `INSERT INTO outbox (to_email, subject, body, created_at) VALUES (?, NULL, ?, ?)`, "bad@example.nl", "b", "2026-01-01 00:00:00")
}
