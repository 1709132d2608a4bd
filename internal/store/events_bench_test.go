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
// goroutines, without an event (an action the feed does not carry), with
// one (grant.revise: the event row, and on PostgreSQL the feed's advisory
// lock in shared mode), and with one while a reader follows the feed
// without pause (its exclusive lock waits for the writers in flight and
// holds new ones back while it reads).
//
//	go test -run x -bench EventWrite ./internal/store/
func BenchmarkEventWrite(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		for _, c := range []struct {
			name, action string
			reader       bool
		}{{"audit_only", "grant.note", false}, {"with_event", "grant.revise", false}, {"with_event_and_reader", "grant.revise", true}} {
			b.Run(kind+"/"+c.name, func(b *testing.B) {
				var db *store.DB
				if kind == "sqlite" {
					db = storetest.OpenSQLite(b)
				} else {
					db = storetest.OpenPostgres(b)
				}
				_, _, grantID := seedB(b, db, 1<<40)
				ctx := context.Background()
				stop, reads := make(chan struct{}), make(chan int)
				go func() {
					n, after := 0, int64(0)
					for c.reader {
						select {
						case <-stop:
							reads <- n
							return
						default:
						}
						db.View(ctx, func(tx *store.Tx) error {
							evs, err := tx.Events(ctx, store.EventFilter{SVB: true}, after, 100)
							if len(evs) > 0 {
								after = evs[len(evs)-1].ID
							}
							return err
						})
						n++
					}
					<-stop
					reads <- n
				}()
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
				close(stop)
				b.ReportMetric(float64(<-reads)/b.Elapsed().Seconds(), "reads/s")
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
