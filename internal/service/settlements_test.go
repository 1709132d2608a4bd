package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestYearlySettlement: last year's grant of € 12,000 had € 9,000 paid;
// the verstrekker makes the settlement, the budget holder objects and then
// agrees, the verstrekker approves once, and € 3,000 goes back in the ledger.
func TestYearlySettlement(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		last, err := w.svc.CreateGrant(ctx, w.gemeenteA, service.GrantInput{BudgetHolderID: w.holderA.ID, Law: "wmo", Reference: "A-2025",
			Start: "2025-01-01", End: "2025-12-31", DecidedOn: "2024-12-20", Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "12.000"}}})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range []ledger.Kind{ledger.Reserved, ledger.Paid} {
			if err := w.svc.PostForDemo(ctx, last.ID, k, 900000, domain.MustDate("2025-06-01")); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := w.svc.MakeSettlements(ctx, w.holder, "2026-11-23"); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("a budget holder makes settlements: %v", err)
		}
		n, total, err := w.svc.MakeSettlements(ctx, w.gemeenteA, "2026-11-23")
		if err != nil || n != 1 || total != 300000 {
			t.Fatalf("make: %v %d %d", err, n, total)
		}
		if _, _, err := w.svc.MakeSettlements(ctx, w.gemeenteA, "2026-11-23"); fieldCode(err, "until") != "settlement_nothing" {
			t.Errorf("made twice: %v", err)
		}
		sv, err := w.svc.SettlementOfGrant(ctx, w.holder, last.ID)
		if err != nil || sv == nil || sv.S.Paid != 900000 || sv.S.ToReturn != 300000 || sv.State != domain.SettlementOpen {
			t.Fatalf("the budget holder's settlement: %v %+v", err, sv)
		}
		if _, err := w.svc.Settlement(ctx, w.gemeenteB, sv.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another gemeente reads it: %v", err)
		}
		if _, err := w.svc.ApproveSettlement(ctx, w.gemeenteA, sv.ID); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("approved before the budget holder answered: %v", err)
		}
		if _, err := w.svc.AnswerSettlement(ctx, w.holder, sv.ID, false, ""); fieldCode(err, "reason") != "required" {
			t.Errorf("an objection without a reason: %v", err)
		}
		if v, err := w.svc.AnswerSettlement(ctx, w.holder, sv.ID, false, "De factuur van december ontbreekt"); err != nil || v.State != domain.SettlementObjected {
			t.Fatalf("object: %v %s", err, v.State)
		}
		if v, err := w.svc.AnswerSettlement(ctx, w.holder, sv.ID, true, ""); err != nil || v.State != domain.SettlementAgreed {
			t.Fatalf("agree after the talk: %v %s", err, v.State)
		}
		if _, err := w.svc.ApproveSettlement(ctx, w.holder, sv.ID); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the budget holder approves: %v", err)
		}
		if v, err := w.svc.ApproveSettlement(ctx, w.gemeenteA, sv.ID); err != nil || v.State != domain.SettlementApproved {
			t.Fatalf("approve: %v %s", err, v.State)
		}
		if _, err := w.svc.ApproveSettlement(ctx, w.gemeenteA, sv.ID); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("approved twice: %v", err)
		}
		g, _ := w.svc.Grant(ctx, w.holder, last.ID)
		if g.Balance.Granted != 900000 || g.Balance.Paid != 900000 || g.Balance.Left() != 0 {
			t.Errorf("balance after the settlement: %+v", g.Balance)
		}
	})
}
