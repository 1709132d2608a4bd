package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestFreeAmountClaimedAndPaid: the free amount of a € 12,000 budget is the
// € 250 minimum; the budget holder claims it in parts to its own IBAN, the
// claims reserve budget and the next payment run pays them to the holder.
func TestFreeAmountClaimedAndPaid(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		g, err := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if err != nil || g.Free == nil || g.Free.Amount != 25000 || g.Free.Left != 25000 {
			t.Fatalf("free amount: %v %+v", err, g.Free)
		}
		if _, err := w.svc.ClaimFreeAmount(ctx, w.provider, w.grantA.ID, "10"); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a provider claims: %v", err)
		}
		if _, err := w.svc.ClaimFreeAmount(ctx, w.holder, w.grantA.ID, "100"); fieldCode(err, "amount") != "holder_iban_missing" {
			t.Errorf("without an IBAN: %v", err)
		}
		if err := w.svc.UpdateContact(ctx, w.holder, w.holderA.ID, "", "", "NL91ABNA0417164301"); fieldCode(err, "iban") == "" {
			t.Errorf("a wrong IBAN: %v", err)
		}
		if err := w.svc.UpdateContact(ctx, w.holder, w.holderA.ID, "", "", "NL91 ABNA 0417 1643 00"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ClaimFreeAmount(ctx, w.holder, w.grantA.ID, "250,01"); fieldCode(err, "amount") != "free_amount_above_left" {
			t.Errorf("a cent more than the free amount: %v", err)
		}
		for _, amt := range []string{"100,00", "150,00"} {
			if _, err := w.svc.ClaimFreeAmount(ctx, w.holder, w.grantA.ID, amt); err != nil {
				t.Fatalf("claim %s: %v", amt, err)
			}
		}
		if _, err := w.svc.ClaimFreeAmount(ctx, w.holder, w.grantA.ID, "0,01"); fieldCode(err, "amount") != "free_amount_above_left" {
			t.Errorf("after claiming it all: %v", err)
		}
		g, _ = w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Free.Claimed != 25000 || g.Free.Left != 0 || g.Balance.Reserved != 52500+25000 {
			t.Errorf("after the claims: %+v %+v", g.Free, g.Balance)
		}
		// The next run pays the provider's declarations and the holder's free amount.
		run, _, err := w.svc.RunPayments(ctx, w.svb, "2026-10-31", "", true)
		if err != nil || run.NbTxs != 3 || run.CtrlSum != 52500+25000 {
			t.Fatalf("run: %v %+v", err, run)
		}
		g, _ = w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Paid != 77500 || g.Balance.Reserved != 0 {
			t.Errorf("balance after the run: %+v", g.Balance)
		}
		for _, c := range g.Free.Claims {
			if c.State != domain.DeclPaid {
				t.Errorf("claim %d: %s", c.ID, c.State)
			}
		}
	})
}
