package store

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// What the metrics read from the store: its connection pools, the
// declarations' committed state changes, and the outbox's queue.

// Pools names the store's connection pools: "write", and "read" when reads
// have a pool of their own (SQLite's readers; PostgreSQL has one pool).
func (db *DB) Pools() map[string]*sql.DB {
	out := map[string]*sql.DB{"write": db.w}
	if db.r != db.w {
		out["read"] = db.r
	}
	return out
}

// declCounts counts declarations by the state a committed change left
// them in, since the process started.
type declCounts struct {
	mu sync.Mutex
	n  map[domain.DeclarationState]int64
}

func (c *declCounts) add(s domain.DeclarationState, n int64) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[domain.DeclarationState]int64{}
	}
	c.n[s] += n
	c.mu.Unlock()
}

// countDeclaration counts, once t commits, a declaration that t stored in
// state to (created in it, or moved to it from another state).
func (t *Tx) countDeclaration(to domain.DeclarationState) {
	db := t.db
	t.OnCommit(func() { db.decls.add(to, 1) })
}

// CountPayRunPaid counts, once t commits, the declarations of the run's
// open transfers as moved to paid: call it in the transaction that books
// the run executed (ExecutePayRun), before it does, after failing the
// transfers the bank refused. It reads the counts the run's transfers keep
// (one row per provider), not the declarations; a budget holder's transfer
// pays free amounts, no declarations. It returns the count.
func (t *Tx) CountPayRunPaid(ctx context.Context, runID int64) (int64, error) {
	var n int64
	if err := t.queryRow(ctx, `SELECT COALESCE(SUM(declarations), 0) FROM payment_transfers WHERE run_id = ? AND state = ? AND provider_id IS NOT NULL`,
		runID, string(domain.TransferOpen)).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		db := t.db
		t.OnCommit(func() { db.decls.add(domain.DeclPaid, n) })
	}
	return n, nil
}

// DeclarationCounts is how many declarations this process's committed
// changes created in or moved to each state, since it started (for the
// metrics: a process counts what it did; several instances add up).
func (db *DB) DeclarationCounts() map[domain.DeclarationState]int64 {
	db.decls.mu.Lock()
	defer db.decls.mu.Unlock()
	out := make(map[domain.DeclarationState]int64, len(db.decls.n))
	for k, v := range db.decls.n {
		out[k] = v
	}
	return out
}

// MailQueue is the outbox's queue: how many mails wait to be sent (not
// sent, not given up) and when the oldest of them was written (zero when
// none waits).
func (db *DB) MailQueue(ctx context.Context) (queued int64, oldest time.Time, err error) {
	err = db.View(ctx, func(tx *Tx) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`).Scan(&queued); err != nil {
			return err
		}
		if queued == 0 {
			return nil
		}
		return tx.queryRow(ctx, `SELECT created_at FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY created_at, id LIMIT 1`).Scan(&oldest)
	})
	return queued, oldest, err
}
