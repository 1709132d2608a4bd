package store_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestOnCommit: what a change asks to do once committed (a metric's count)
// happens after a commit only, once, and not for a change rolled back,
// also when concurrent changes share a transaction (SQLite's group commit)
// and some of them fail.
func TestOnCommit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var n atomic.Int64
		fail := errors.New("refused")
		if err := db.Update(ctx, func(tx *store.Tx) error { tx.OnCommit(func() { n.Add(1) }); return nil }); err != nil {
			t.Fatal(err)
		}
		if err := db.Update(ctx, func(tx *store.Tx) error { tx.OnCommit(func() { n.Add(100) }); return fail }); !errors.Is(err, fail) {
			t.Fatal(err)
		}
		if n.Load() != 1 {
			t.Fatalf("after one commit and one rollback: %d", n.Load())
		}
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Go(func() {
				db.Update(ctx, func(tx *store.Tx) error {
					tx.OnCommit(func() { n.Add(1) })
					if i%2 == 1 {
						return fail
					}
					return nil
				})
			})
		}
		wg.Wait()
		if n.Load() != 21 {
			t.Errorf("20 of 40 concurrent changes committed, %d counted", n.Load()-1)
		}
	})
}
