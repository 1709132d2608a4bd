package store_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestPayRunCountsWhatItMarks: a run's transfers pay exactly the
// declarations marked with them. On PostgreSQL, commits that land between
// the run's statements (after its transfers are made, before its
// declarations are marked) must not break that: a declaration accepted
// meanwhile is paid and counted, or left for the next run; one held
// meanwhile is neither marked nor counted, and a transfer left with
// nothing to pay is not made. On SQLite (one writer) nothing can land in
// between; the same run without it must come out the same way.
func TestPayRunCountsWhatItMarks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		orgID, bhID, grantID := seed(t, db, 1000000)
		oct := domain.Period{Start: domain.MustDate("2026-10-01"), End: domain.MustDate("2026-10-31")}
		ids := map[string]int64{}
		provs := map[string]int64{}
		err := db.Update(ctx, func(tx *store.Tx) error {
			for i, p := range []string{"A", "B", "C"} {
				pID, err := tx.CreateProvider(ctx, domain.Provider{Kind: domain.ProviderZZP, Name: "Zorg " + p, KvK: domain.KvK("1234567" + string(rune('0'+i))), IBAN: "NL91ABNA0417164300"}, at)
				if err != nil {
					return err
				}
				provs[p] = pID
				agID, err := tx.CreateAgreement(ctx, domain.Agreement{BudgetHolderID: bhID, ProviderID: pID, GrantID: grantID, VerstrekkerID: orgID, Source: "online", CreatedAt: at}, 0)
				if err != nil {
					return err
				}
				for _, d := range []struct {
					name   string
					state  domain.DeclarationState
					amount domain.Cents
				}{{"1", domain.DeclAccepted, 100}, {"2", domain.DeclAccepted, 200}, {"3", domain.DeclAtHolder, 400}} {
					if p == "B" && d.name != "1" || p == "C" && d.name != "3" {
						continue // B has one accepted declaration, C only one waiting
					}
					id, err := tx.CreateDeclaration(ctx, store.DeclarationRow{AgreementID: agID, BudgetHolderID: bhID, ProviderID: pID, GrantID: grantID,
						VerstrekkerID: orgID, State: d.state, CreatedAt: at, RowVersion: 1, D: domain.Declaration{Kind: domain.DeclCare, Period: oct, Amount: d.amount}})
					if err != nil {
						return err
					}
					ids[p+d.name] = id
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A3 and C3 are accepted, A2 and B1 held: on PostgreSQL each committed
		// by another connection once A's and B's transfers are made from A1,
		// A2 and B1; on SQLite before the run (the same end state).
		changes := func() {
			for _, s := range []struct {
				state domain.DeclarationState
				ids   []int64
			}{{domain.DeclAccepted, []int64{ids["A3"], ids["C3"]}}, {domain.DeclHeld, []int64{ids["A2"], ids["B1"]}}} {
				if err := db.RawExec(ctx, `UPDATE declarations SET state = ? WHERE id IN (?, ?)`, string(s.state), s.ids[0], s.ids[1]); err != nil {
					t.Error(err)
				}
			}
		}
		concurrent := db.Dialect().Name == "postgres"
		if concurrent {
			done := false
			defer store.SetPayRunHookForTest(func(step string) {
				if step == "transfers" && !done {
					done = true
					changes()
				}
			})()
		} else {
			changes()
		}
		var run store.PayRun
		var trs []store.Transfer
		err = db.Update(ctx, func(tx *store.Tx) error {
			var err error
			run, err = tx.CreatePayRun(ctx, oct.End, oct.End, 0, at, func(id int64) string { return "PGB-TEST-" + string(rune('0'+id)) })
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = db.EachTransfer(ctx, run.ID, func(tr store.Transfer, refs []string) error {
			tr.Reason = ""
			trs = append(trs, tr)
			if len(refs) != int(tr.Declarations) {
				t.Errorf("transfer %s counts %d declarations and pays %v", tr.EndToEndID, tr.Declarations, refs)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A's transfer pays A1 and A3 (100 + 400); on PostgreSQL B's, left
		// empty, is gone, and C had no transfer, so C3 waits for the next
		// run; on SQLite C3 was accepted before the run and is in it.
		wantTxs, wantSum, wantDecls, wantLeft := 1, domain.Cents(500), int64(2), int64(1)
		if !concurrent {
			wantTxs, wantSum, wantDecls, wantLeft = 2, 900, 3, 0
		}
		if len(trs) != wantTxs || trs[0].ProviderID != provs["A"] || trs[0].Amount != 500 || trs[0].Declarations != 2 ||
			!concurrent && (trs[1].ProviderID != provs["C"] || trs[1].Amount != 400 || trs[1].Declarations != 1) {
			t.Errorf("transfers: %+v", trs)
		}
		if run.NbTxs != int64(wantTxs) || run.CtrlSum != wantSum || run.Declarations != wantDecls {
			t.Errorf("run totals: %+v", run)
		}
		err = db.View(ctx, func(tx *store.Tx) error {
			if len(trs) == 1 {
				got, err := tx.TransferDeclarations(ctx, trs[0].ID)
				if err != nil {
					return err
				}
				if len(got) != 2 || got[0] != ids["A1"] || got[1] != ids["A3"] {
					t.Errorf("A's transfer pays %v, want A1 %d and A3 %d", got, ids["A1"], ids["A3"])
				}
			}
			n, err := tx.CountPayable(ctx, oct.End)
			if n != wantLeft {
				t.Errorf("left for the next run: %d, want %d", n, wantLeft)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
