package store_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// BenchmarkEventWrite measures what the change feed costs a change: a
// transaction that writes one audit record about a grant, from parallel
// goroutines, without an event (an action the feed does not carry) and
// with one (grant.revise: the event row, and on PostgreSQL the feed's
// advisory lock held until the commit, which puts event writers in a row).
//
//	go test -run x -bench EventWrite ./internal/store/
func BenchmarkEventWrite(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		for _, c := range []struct{ name, action string }{{"audit_only", "grant.note"}, {"with_event", "grant.revise"}} {
			b.Run(kind+"/"+c.name, func(b *testing.B) {
				var db *store.DB
				if kind == "sqlite" {
					db = storetest.OpenSQLite(b)
				} else {
					db = storetest.OpenPostgres(b)
				}
				_, _, grantID := seedB(b, db, 1<<40)
				ctx := context.Background()
				b.SetParallelism(4)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						err := db.Update(ctx, func(tx *store.Tx) error {
							return tx.Audit(ctx, audit.Record{At: at, ActorRole: "bench", Action: c.action, ObjectType: "grant", ObjectID: grantID})
						})
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
				b.StopTimer()
				var n int
				db.View(ctx, func(tx *store.Tx) error {
					evs, err := tx.Events(ctx, store.EventFilter{SVB: true}, 0, 1<<30)
					n = len(evs)
					return err
				})
				if (n > 0) != (c.action == "grant.revise") {
					b.Errorf("%d events written", n)
				}
			})
		}
	}
}
