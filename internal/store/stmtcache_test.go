package store_test

import (
	"context"
	"sync"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// Several records in one Audit call are chained as if appended one by one;
// writers running at once, each with new statements to prepare (SQLite
// prepares them after the transaction, when its one connection is free),
// neither block each other nor lose a record.
func TestAuditSeveralAtOnceConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const writers, each = 6, 10
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					err := db.Update(ctx, func(tx *store.Tx) error {
						recs := make([]audit.Record, 1+i%3) // one, two or three records per transaction
						for k := range recs {
							recs[k] = audit.Record{At: at, ActorID: int64(w), ActorRole: "zorgverlener", Action: "declaration.create",
								ObjectType: "declaration", ObjectID: int64(w*100 + i), After: `{"k":1}`}
						}
						return tx.Audit(ctx, recs...)
					})
					if err != nil {
						errs <- err
					}
					// Reads go through the statement cache of the readers.
					err = db.View(ctx, func(tx *store.Tx) error {
						_, err := tx.AuditOf(ctx, "declaration", int64(w*100+i), 5)
						return err
					})
					if err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		want := int64(0)
		for i := range each {
			want += int64(writers * (1 + i%3))
		}
		err := db.View(ctx, func(tx *store.Tx) error {
			seq, hash, err := tx.AuditHead(ctx)
			if err != nil {
				return err
			}
			recs, err := tx.AuditRecords(ctx, 0, 1000)
			if err != nil {
				return err
			}
			if seq != want || int64(len(recs)) != want {
				t.Errorf("head at %d with %d records, want %d", seq, len(recs), want)
			}
			if probs := audit.Verify(recs, seq, hash); len(probs) != 0 {
				t.Errorf("chain: %v", probs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
