package store_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// BenchmarkReserve measures one reservation transaction (conditional balance
// update, posting, audit record) against one grant, from parallel
// goroutines: the hottest path of the ledger.
//
//	go test -run x -bench Reserve ./internal/store/
func BenchmarkReserve(b *testing.B) {
	for _, kind := range []string{"sqlite", "postgres"} {
		b.Run(kind, func(b *testing.B) {
			var db *store.DB
			if kind == "sqlite" {
				db = storetest.OpenSQLite(b)
			} else {
				db = storetest.OpenPostgres(b)
			}
			_, _, grantID := seedB(b, db, 1<<50)
			ctx := context.Background()
			b.SetParallelism(4)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					err := db.Update(ctx, func(tx *store.Tx) error {
						p, _ := ledger.New(ledger.Reserved, 100)
						if err := tx.Post(ctx, grantID, p, domain.MustDate("2026-02-01"), store.Ref{Type: "bench"}, at); err != nil {
							return err
						}
						return tx.Audit(ctx, audit.Record{At: at, ActorRole: "bench", Action: "reserve", ObjectType: "grant", ObjectID: grantID})
					})
					if err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}

func seedB(b *testing.B, db *store.DB, granted domain.Cents) (int64, int64, int64) {
	ctx := context.Background()
	var orgID, bhID, grantID int64
	err := db.Update(ctx, func(tx *store.Tx) error {
		var err error
		orgID, _ = tx.CreateOrganisation(ctx, domain.Organisation{Kind: domain.Gemeente, Name: "G", Code: "G1"}, at)
		bhID, _ = tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: "123456782", Initials: "A.", FamilyName: "B", BirthDate: domain.MustDate("1950-01-01")}, at)
		g := domain.Grant{BudgetHolderID: bhID, VerstrekkerID: orgID, Law: domain.Wmo, Reference: "B-1", CreatedAt: at,
			Period: domain.Period{Start: domain.MustDate("2026-01-01"), End: domain.MustDate("2026-12-31")}, DecidedOn: domain.MustDate("2026-01-01"),
			Revisions: []domain.GrantRevision{{EffectiveFrom: domain.MustDate("2026-01-01"), Lines: []domain.GrantLine{{CareFunction: "x", Yearly: 100}}}}}
		if grantID, err = tx.CreateGrant(ctx, g, 1); err != nil {
			return err
		}
		p, _ := ledger.New(ledger.Granted, granted)
		return tx.Post(ctx, grantID, p, g.Period.Start, store.Ref{}, at)
	})
	if err != nil {
		b.Fatal(err)
	}
	return orgID, bhID, grantID
}
