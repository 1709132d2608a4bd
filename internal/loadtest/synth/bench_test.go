package synth_test

import (
	"context"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/loadtest/synth"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// BenchmarkCheckGenerated runs domain.Check alone on generated declarations
// of a small plan (pgb bench does the same at national size).
//
//	go test -run x -bench CheckGenerated ./internal/loadtest/synth/
func BenchmarkCheckGenerated(b *testing.B) {
	p, err := synth.NewPlan(small(), synth.Base{})
	if err != nil {
		b.Fatal(err)
	}
	cases := p.CheckCases(1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		c := cases[i%len(cases)]
		if r, _ := domain.Check(c.D, c.In); len(r) > 0 {
			b.Fatal(r)
		}
		i++
	}
}

// BenchmarkLoad loads the small dataset (200 budget holders, 3 months).
func BenchmarkLoad(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db := open(b, kind)
				b.StartTimer()
				if _, _, err := synth.Load(context.Background(), db, small()); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				db.Close() // a connection pool per iteration would exhaust the server's
				b.StartTimer()
			}
		})
	}
}

// BenchmarkDeclare is one declaration through the service (create, send,
// approve with the checks and the reservation) on a generated agreement,
// from parallel goroutines, with the small dataset's history.
func BenchmarkDeclare(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			db := open(b, kind)
			cfg := small()
			cfg.BudgetHolders, cfg.Agreements, cfg.DeclarationsPerMonth = 2000, 5000, 5000
			p, _, err := synth.Load(ctx, db, cfg)
			if err != nil {
				b.Fatal(err)
			}
			work, err := synth.FindWork(ctx, db, p.Config.BenchMonth(), domain.ProviderInformal, 2000, 0)
			if err != nil {
				b.Fatal(err)
			}
			clock := p.Config.Clock()
			svc := service.New(db, service.Options{Now: func() time.Time { return clock }})
			next := make(chan synth.Work, len(work))
			for _, w := range work {
				next <- w
			}
			close(next)
			b.SetParallelism(2)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					w, ok := <-next
					if !ok {
						b.Error("more iterations than generated agreements; use -benchtime=1000x")
						return
					}
					v, err := svc.CreateDeclaration(ctx, w.Provider, w.Input())
					if err == nil {
						_, err = svc.SendDeclaration(ctx, w.Provider, v.ID)
					}
					if err == nil {
						v, err = svc.ApproveDeclaration(ctx, w.Holder, v.ID)
					}
					if err != nil || v.State != domain.DeclAccepted {
						b.Errorf("%v %s %v", err, v.State, v.Findings)
						return
					}
				}
			})
		})
	}
}

func open(b *testing.B, kind string) *store.DB {
	if kind == "sqlite" {
		return storetest.OpenSQLite(b)
	}
	return storetest.OpenPostgres(b)
}
