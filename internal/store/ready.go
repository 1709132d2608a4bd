package store

import (
	"context"
	"errors"
)

// ErrReadOnly is a database that answers but takes no writes: a PostgreSQL
// standby (in recovery).
var ErrReadOnly = errors.New("store: the database is a read-only standby")

// Ready reports whether the database can serve the portal: it answers, and
// on PostgreSQL it is not a standby in recovery. A load balancer's /readyz
// then sends no traffic to an instance whose connection ended up on a
// standby (without target_session_attrs=read-write, or after a demotion).
func (db *DB) Ready(ctx context.Context) error {
	if db.d.Name != "postgres" {
		return db.r.PingContext(ctx)
	}
	var inRecovery bool
	if err := db.w.QueryRowContext(ctx, `SELECT pg_is_in_recovery()`).Scan(&inRecovery); err != nil {
		return err
	}
	if inRecovery {
		return ErrReadOnly
	}
	return nil
}
