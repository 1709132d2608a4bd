package service_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// settledWithOpenDecember: December (€ 840) was sent to the budget holder
// on 2 January and still waits there when the gemeente makes the
// settlement of 2026 on 5 January: it is named as open. The service
// returned works on 5 January.
func settledWithOpenDecember(t *testing.T, db *store.DB) (*agreementWorld, *service.Service, int64, service.SettlementView) {
	t.Helper()
	ctx := context.Background()
	w := setupAgreements(t, db)
	agID := approvedAgreement(t, w, w.provider, w.prov)
	jan2 := service.New(db, service.Options{Now: func() time.Time { return time.Date(2027, 1, 2, 10, 0, 0, 0, domain.Amsterdam) }})
	d, err := jan2.CreateDeclaration(ctx, w.provider, december(agID))
	if err != nil {
		t.Fatal(err)
	}
	attachInvoice(t, jan2, w.provider, d.ID)
	if _, err := jan2.SendDeclaration(ctx, w.provider, d.ID); err != nil {
		t.Fatal(err)
	}
	later := service.New(db, service.Options{Now: func() time.Time { return time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam) }})
	if n, _, err := later.MakeSettlements(ctx, w.gemeenteA, "2026-12-31"); err != nil || n != 1 {
		t.Fatalf("settle: %d %v", n, err)
	}
	st, err := later.SettlementOfGrant(ctx, w.holder, w.grantA.ID)
	if err != nil || st == nil {
		t.Fatalf("settlement: %v", err)
	}
	return w, later, d.ID, *st
}

// december is four hours on each Monday of December 2026, with its invoice total.
func december(agID int64) service.DeclarationInput {
	in := october(agID, "4")
	in.Month, in.InvoiceTotal = "2026-12", "840,00"
	for i, day := range []string{"2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"} {
		in.Lines[i].Date = day
	}
	return in
}

// TestCorrectedSettlementAfterApproval: the settlement named December as
// open and was approved; December's approval then is refused because the
// grant is settled, and both parties see it on the settlement. The
// verstrekker (only, with a reason) makes a corrected settlement: December
// is checked again and accepted, € 840 less goes back, the settlement
// stays approved as version 2 with version 1 kept, the ledger books the
// difference (the grant holds exactly what it reserves), the budget holder
// is told, and it is audited. Nothing is left to correct after it.
func TestCorrectedSettlementAfterApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, later, declID, st := settledWithOpenDecember(t, db)
		if len(st.Open) != 1 || st.Open[0].DeclarationID != declID || st.Open[0].Provider != "Zorg met Aandacht" || st.Open[0].StateNow != domain.DeclAtHolder {
			t.Fatalf("named open: %+v", st.Open)
		}
		if _, err := later.AnswerSettlement(ctx, w.holder, st.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		approved, err := later.ApproveSettlement(ctx, w.gemeenteA, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		before := approved.S
		d, err := later.ApproveDeclaration(ctx, w.holder, declID)
		if err != nil || d.State != domain.DeclRefused || !hasFinding(d.Findings, "grant_settled") {
			t.Fatalf("approved after the settlement: %v %s %v", err, d.State, d.Findings)
		}
		for _, who := range []service.Actor{w.holder, w.gemeenteA} {
			v, err := later.Settlement(ctx, who, st.ID)
			if err != nil || len(v.Arrived) != 1 || v.Arrived[0].DeclarationID != declID || v.Open[0].StateNow != domain.DeclRefused {
				t.Errorf("%s sees the refused declaration on the settlement: %v %+v %+v", who.Role.Role, err, v.Arrived, v.Open)
			}
			if who == w.holder && v.CanCorrect() {
				t.Error("the budget holder may correct")
			}
		}
		if !onWorkList(t, later, w.gemeenteA, "work.settlement_to_correct", st.ID) {
			t.Error("the settlement to correct is not on the verstrekker's work list")
		}
		if _, err := later.CorrectSettlement(ctx, w.holder, st.ID, "graag"); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the budget holder corrects: %v", err)
		}
		if _, err := later.CorrectSettlement(ctx, w.gemeenteB, st.ID, "graag"); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another gemeente corrects: %v", err)
		}
		if _, err := later.CorrectSettlement(ctx, w.gemeenteA, st.ID, "  "); fieldCode(err, "reason") != "required" {
			t.Errorf("no reason: %v", err)
		}
		v, err := later.CorrectSettlement(ctx, w.gemeenteA, st.ID, "December kwam na de eindafrekening")
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != 2 || v.State != domain.SettlementApproved || v.Correction != "December kwam na de eindafrekening" {
			t.Errorf("corrected: version %d, %s, %q", v.Version, v.State, v.Correction)
		}
		if v.S.Reserved != before.Reserved+84000 || v.S.ToReturn != before.ToReturn-84000 || v.S.Granted != before.Granted {
			t.Errorf("figures: before %+v, after %+v", before, v.S)
		}
		if len(v.Versions) != 1 || v.Versions[0].Version != 1 || v.Versions[0].S != before || v.Versions[0].State != domain.SettlementApproved {
			t.Errorf("the earlier version: %+v", v.Versions)
		}
		if len(v.Arrived) != 0 || v.CanCorrect() {
			t.Errorf("still to correct: %+v", v.Arrived)
		}
		d, _ = later.Declaration(ctx, w.provider, declID)
		if d.State != domain.DeclAccepted {
			t.Errorf("December after the correction: %s %v", d.State, d.Findings)
		}
		g, _ := later.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Reserved != 84000 || g.Balance.Left() != 0 || g.Balance.Granted != before.Granted-v.S.ToReturn {
			t.Errorf("balance after the correction: %+v (to return %s)", g.Balance, v.S.ToReturn)
		}
		hv, err := later.Settlement(ctx, w.holder, st.ID)
		if err != nil || hv.Version != 2 || len(hv.Versions) != 1 {
			t.Errorf("the budget holder sees the corrected settlement and its history: %v %+v", err, hv)
		}
		if onWorkList(t, later, w.gemeenteA, "work.settlement_to_correct", st.ID) {
			t.Error("still on the work list after the correction")
		}
		if _, err := later.CorrectSettlement(ctx, w.gemeenteA, st.ID, "nog eens"); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("corrected with nothing to correct: %v", err)
		}
		var audited, noticed bool
		if err := db.View(ctx, func(tx *store.Tx) error {
			recs, err := tx.AuditOf(ctx, "settlement", st.ID, 20)
			for _, r := range recs {
				audited = audited || (r.Action == "settlement.corrected" && r.ActorID == w.gemeenteA.AccountID)
			}
			if err != nil {
				return err
			}
			ns, err := tx.Inbox(ctx, store.Target{Kind: "budget_holder", ID: w.holderA.ID}, w.holder.AccountID, 50)
			for _, n := range ns {
				noticed = noticed || (n.TextKey == "notice.settlement_corrected" && n.Object.ID == st.ID)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if !audited || !noticed {
			t.Errorf("audited %v, the budget holder told %v", audited, noticed)
		}
	})
}

// TestCorrectedSettlementBeforeApproval: a late declaration the verstrekker
// allows after the settlement is made, before it is approved, is refused
// because the grant is settled; the correction admits it, nothing is
// booked yet, and the corrected version goes back to the budget holder,
// whose agreement then books the new figures at approval.
func TestCorrectedSettlementBeforeApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		d, err := w.svc.CreateDeclaration(ctx, w.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.provider, d.ID)
		late := service.New(db, service.Options{Now: func() time.Time { return time.Date(2027, 1, 20, 10, 0, 0, 0, domain.Amsterdam) }})
		if _, err := late.SendDeclaration(ctx, w.provider, d.ID); err != nil {
			t.Fatal(err)
		}
		if d, err = late.ApproveDeclaration(ctx, w.holder, d.ID); d.State != domain.DeclRefused || !hasFinding(d.Findings, "late_to_holder") {
			t.Fatalf("late: %v %s %v", err, d.State, d.Findings)
		}
		if _, _, err := late.MakeSettlements(ctx, w.gemeenteA, "2026-12-31"); err != nil {
			t.Fatal(err)
		}
		st, _ := late.SettlementOfGrant(ctx, w.holder, w.grantA.ID)
		if _, err := late.AnswerSettlement(ctx, w.holder, st.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if d, err = late.AllowLate(ctx, w.gemeenteA, d.ID, "Ziekenhuisopname"); err != nil || d.State != domain.DeclRefused || !hasFinding(d.Findings, "grant_settled") {
			t.Fatalf("allowed after the settlement: %v %s %v", err, d.State, d.Findings)
		}
		g0, _ := late.Grant(ctx, w.holder, w.grantA.ID)
		v, err := late.CorrectSettlement(ctx, w.gemeenteA, st.ID, "Te late declaratie toegestaan")
		if err != nil {
			t.Fatal(err)
		}
		if v.Version != 2 || v.State != domain.SettlementOpen || v.S.Reserved != st.S.Reserved+84000 || v.S.ToReturn != st.S.ToReturn-84000 {
			t.Errorf("corrected before approval: version %d %s %+v", v.Version, v.State, v.S)
		}
		if len(v.Versions) != 1 || v.Versions[0].State != domain.SettlementAgreed {
			t.Errorf("the earlier version keeps the holder's agreement: %+v", v.Versions)
		}
		g1, _ := late.Grant(ctx, w.holder, w.grantA.ID)
		if g1.Balance.Granted != g0.Balance.Granted || g1.Balance.Reserved != g0.Balance.Reserved+84000 {
			t.Errorf("booked before approval: %+v → %+v", g0.Balance, g1.Balance)
		}
		if _, err := late.ApproveSettlement(ctx, w.gemeenteA, st.ID); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("approved before the budget holder answered the corrected version: %v", err)
		}
		if _, err := late.AnswerSettlement(ctx, w.holder, st.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := late.ApproveSettlement(ctx, w.gemeenteA, st.ID); err != nil {
			t.Fatal(err)
		}
		g2, _ := late.Grant(ctx, w.holder, w.grantA.ID)
		if g2.Balance.Granted != g0.Balance.Granted-v.S.ToReturn || g2.Balance.Left() != 0 || g2.Balance.Reserved != 84000 {
			t.Errorf("after approval: %+v (to return %s)", g2.Balance, v.S.ToReturn)
		}
	})
}

// onWorkList reports whether a's work list has an item of key linking to id.
func onWorkList(t *testing.T, svc *service.Service, a service.Actor, key string, id int64) bool {
	t.Helper()
	items, err := svc.WorkList(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Key == key && strings.HasSuffix(it.Link, "/"+strconv.FormatInt(id, 10)) {
			return true
		}
	}
	return false
}

// TestCorrectionAdmitsReleasedAsItIs: a declaration held for respite at
// two places is still held when the settlement is made; the verstrekker
// releases it after the settlement, which the settled grant refuses. The
// correction then accepts it as released, instead of checking it again
// (which would hold it once more, for ever).
func TestCorrectionAdmitsReleasedAsItIs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		respite := func(in *service.AgreementInput) {
			in.Lines = append(in.Lines, service.CareLineInput{CareType: domain.RespiteCareType, Unit: "etmaal", Rate: "100,00", MaxUnits: "7", Per: "week"})
		}
		ag1 := approvedAgreement(t, w, w.provider, w.prov, respite)
		ag2 := approvedAgreement(t, w, w.otherProvider, w.prov2, respite)
		var held int64
		for i, c := range []struct {
			p    service.Actor
			agID int64
		}{{w.provider, ag1}, {w.otherProvider, ag2}} {
			d, err := w.svc.CreateDeclaration(ctx, c.p, service.DeclarationInput{AgreementID: c.agID, Month: "2026-10", InvoiceNumber: "L-10", InvoiceTotal: "100,00",
				Lines: []service.DeclLineInput{{Date: "2026-10-10", CareType: domain.RespiteCareType, Unit: "etmaal", Units: "1"}}})
			if err != nil {
				t.Fatal(err)
			}
			attachInvoice(t, w.svc, c.p, d.ID)
			w.svc.SendDeclaration(ctx, c.p, d.ID)
			if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil {
				t.Fatal(err)
			}
			if want := []domain.DeclarationState{domain.DeclAccepted, domain.DeclHeld}[i]; d.State != want {
				t.Fatalf("declaration %d: %s %v", i, d.State, d.Findings)
			}
			held = d.ID
		}
		later := service.New(db, service.Options{Now: func() time.Time { return time.Date(2027, 1, 5, 10, 0, 0, 0, domain.Amsterdam) }})
		if _, _, err := later.MakeSettlements(ctx, w.gemeenteA, "2026-12-31"); err != nil {
			t.Fatal(err)
		}
		st, _ := later.SettlementOfGrant(ctx, w.gemeenteA, w.grantA.ID)
		if d, err := later.ReviewHeld(ctx, w.gemeenteA, held, true, ""); err != nil || d.State != domain.DeclRefused || !hasFinding(d.Findings, "grant_settled") {
			t.Fatalf("released after the settlement: %v %s %v", err, d.State, d.Findings)
		}
		v, err := later.CorrectSettlement(ctx, w.gemeenteA, st.ID, "Logeren na beoordeling vrijgegeven")
		if err != nil {
			t.Fatal(err)
		}
		if d, _ := later.Declaration(ctx, w.gemeenteA, held); d.State != domain.DeclAccepted {
			t.Errorf("the released declaration after the correction: %s %v", d.State, d.Findings)
		}
		if v.Version != 2 || v.S.Reserved != st.S.Reserved+10000 {
			t.Errorf("corrected: version %d, %+v", v.Version, v.S)
		}
	})
}
