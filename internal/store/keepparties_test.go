package store_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// A list page loads the parties of its rows at once (KeepParties); each row
// then reads them from what the transaction keeps, with the BSN opened.
func TestKeepParties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		_, bhA, _ := seed(t, db, 100000)
		var bhB, pA, pB int64
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			if bhB, err = tx.CreateBudgetHolder(ctx, domain.BudgetHolder{BSN: "111222333", Initials: "C.", FamilyName: "Visser", BirthDate: domain.MustDate("1980-05-01")}, at); err != nil {
				return err
			}
			if pA, err = tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: "Zorg A", IBAN: "NL91ABNA0417164300"}, at); err != nil {
				return err
			}
			pB, err = tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: "Zorg B", IBAN: "NL91ABNA0417164300"}, at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			// Rows name the same parties more than once; an id that is
			// gone is left out (the row's own read then reports it).
			if err := tx.KeepParties(ctx, []int64{pA, pB, pA, pB + 999}, []int64{bhB, bhA, bhB}); err != nil {
				return err
			}
			for _, c := range []struct {
				p, b         int64
				pName, bName string
				bsn          domain.BSN
			}{{pA, bhA, "Zorg A", "A. Bakker", "123456782"}, {pB, bhB, "Zorg B", "C. Visser", "111222333"}, {pA, bhB, "Zorg A", "C. Visser", "111222333"}} {
				p, b, err := tx.ProviderAndHolder(ctx, c.p, c.b)
				if err != nil {
					return err
				}
				if p.ID != c.p || p.Name != c.pName || b.ID != c.b || b.Name() != c.bName || b.BSN.Full() != string(c.bsn) {
					t.Errorf("provider %d, holder %d: got %+v, %+v", c.p, c.b, p, b)
				}
			}
			if _, _, err := tx.ProviderAndHolder(ctx, pB+999, bhA); domain.KindOf(err) != domain.KindNotFound {
				t.Errorf("a provider that is not there: %v", err)
			}
			return tx.KeepParties(ctx, nil, nil)
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
