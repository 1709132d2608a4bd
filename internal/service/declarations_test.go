package service_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// approvedAgreement runs an agreement between the world's holder and a
// provider through its lifecycle to approval.
func approvedAgreement(t *testing.T, w *agreementWorld, provider service.Actor, p domain.Provider, change ...func(*service.AgreementInput)) int64 {
	t.Helper()
	ctx := context.Background()
	in := agreementInput(w.grantA.ID, p.ID)
	in.KvK = string(p.KvK)
	for _, c := range change {
		c(&in)
	}
	v, err := w.svc.CreateAgreement(ctx, w.holder, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		who service.Actor
		in  service.ActInput
	}{
		{w.holder, service.ActInput{Action: domain.ActSendToSign}},
		{w.holder, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"}},
		{provider, service.ActInput{Action: domain.ActSign, Secret: "lang genoeg wachtwoord"}},
		{w.holder, service.ActInput{Action: domain.ActSubmit}},
		{w.gemeenteA, service.ActInput{Action: domain.ActApprove}},
	} {
		if _, err := w.svc.Act(ctx, step.who, v.ID, step.in); err != nil {
			t.Fatalf("%s: %v", step.in.Action, err)
		}
	}
	return v.ID
}

// october declares n hours of begeleiding on the Mondays of October 2026
// (agreed: 52,50 an hour, at most 8 hours a week).
func october(agreementID int64, hours string) service.DeclarationInput {
	var lines []service.DeclLineInput
	for _, d := range []string{"2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26"} {
		lines = append(lines, service.DeclLineInput{Date: d, CareType: "begeleiding", Unit: "uur", Units: hours})
	}
	return service.DeclarationInput{AgreementID: agreementID, Month: "2026-10", Lines: lines, InvoiceNumber: "F-1"}
}

func TestDeclarationAcceptedReservesBudget(t *testing.T) {
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
		if d.State != domain.DeclConcept || d.D.Total() != 84000 {
			t.Fatalf("concept: %s %d", d.State, d.D.Total())
		}
		// Only parties see it.
		if _, err := w.svc.Declaration(ctx, w.otherProvider, d.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("other provider: %v", err)
		}
		if _, err := w.svc.ApproveDeclaration(ctx, w.holder, d.ID); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("approved before it was sent: %v", err)
		}
		// Without the invoice attached, it is refused when it is sent, at the
		// file field: it stays a concept the budget holder never sees.
		if _, err := w.svc.SendDeclaration(ctx, w.provider, d.ID); fieldCode(err, "file") != "invoice_missing" {
			t.Fatalf("sent without an invoice: %v", err)
		}
		if d, _ = w.svc.Declaration(ctx, w.provider, d.ID); d.State != domain.DeclConcept {
			t.Fatalf("after a refused send: %s", d.State)
		}
		if _, err := w.svc.AttachToDeclaration(ctx, w.otherProvider, d.ID, "x.pdf", []byte("%PDF-1.4")); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another provider attached: %v", err)
		}
		if _, err := w.svc.AttachToDeclaration(ctx, w.provider, d.ID, "factuur.pdf", []byte("GIF89a")); fieldCode(err, "file") != "file_type" {
			t.Errorf("a GIF: %v", err)
		}
		attachInvoice(t, w.svc, w.provider, d.ID)
		if _, err := w.svc.SendDeclaration(ctx, w.provider, d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.ApproveDeclaration(ctx, w.provider, d.ID); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("the provider approved its own: %v", err)
		}
		d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID)
		if err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if g.Balance.Reserved != 84000 || !g.Balance.Holds() {
			t.Errorf("balance after acceptance: %+v", g.Balance)
		}
		// A second declaration for the same month and days is refused when it
		// is sent, with both reasons at their fields.
		d2, err := w.svc.CreateDeclaration(ctx, w.provider, in)
		if err != nil {
			t.Fatal(err)
		}
		attachInvoice(t, w.svc, w.provider, d2.ID)
		_, err = w.svc.SendDeclaration(ctx, w.provider, d2.ID)
		if fieldCode(err, "month") != "second_declaration_month" || fieldCode(err, "lines[0].date") != "duplicate_line" {
			t.Errorf("second declaration: %v", err)
		}
		// Shape errors are refused at the field, nothing stored.
		bad := october(agID, "4,1")
		bad.Lines[0].Date = "2026-11-02"
		_, err = w.svc.CreateDeclaration(ctx, w.provider, bad)
		if fieldCode(err, "lines[0].date") != "date_outside_month" || fieldCode(err, "lines[1].units") != "units_step" {
			t.Errorf("bad lines: %v", err)
		}
	})
}

// attachInvoice attaches a (tiny, real) PDF as the invoice.
func attachInvoice(t *testing.T, svc *service.Service, a service.Actor, id int64) {
	t.Helper()
	if _, err := svc.AttachToDeclaration(context.Background(), a, id, "factuur.pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
}

func hasFinding(fs []domain.Finding, code string) bool {
	for _, f := range fs {
		if f.Code == code {
			return true
		}
	}
	return false
}

func TestDeclarationHeldThenReleased(t *testing.T) {
	ctx := context.Background()
	w := setupAgreements(t, storetest.OpenSQLite(t))
	agID := approvedAgreement(t, w, w.provider, w.prov)
	// An unrelated provider is paid to the same IBAN: a fraud signal.
	if _, err := w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "zzp", Name: "Schaduw", KvK: "99999999", IBAN: string(w.prov.IBAN)}); err != nil {
		t.Fatal(err)
	}
	in := october(agID, "2")
	in.InvoiceTotal = "420,00"
	d, _ := w.svc.CreateDeclaration(ctx, w.provider, in)
	attachInvoice(t, w.svc, w.provider, d.ID)
	w.svc.SendDeclaration(ctx, w.provider, d.ID)
	d, err := w.svc.ApproveDeclaration(ctx, w.holder, d.ID)
	if err != nil || d.State != domain.DeclHeld || !hasFinding(d.Findings, "signal_shared_iban") {
		t.Fatalf("held: %v %s %v", err, d.State, d.Findings)
	}
	if g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID); g.Balance.Reserved != 0 {
		t.Errorf("a held declaration reserved %d", g.Balance.Reserved)
	}
	// Who looks at it now is named: the grant's own verstrekker.
	if v, err := w.svc.Declaration(ctx, w.holder, d.ID); err != nil || !strings.HasPrefix(v.Verstrekker, "Gemeente") {
		t.Errorf("the held declaration does not name its verstrekker: %q %v", v.Verstrekker, err)
	}
	if _, err := w.svc.ReviewHeld(ctx, w.gemeenteB, d.ID, true, ""); domain.KindOf(err) != domain.KindNotFound {
		t.Errorf("another gemeente reviews: %v", err)
	}
	d, err = w.svc.ReviewHeld(ctx, w.gemeenteA, d.ID, true, "")
	if err != nil || d.State != domain.DeclAccepted {
		t.Fatalf("release: %v %s", err, d.State)
	}
	if g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID); g.Balance.Reserved != 42000 {
		t.Errorf("released declaration reserved %d", g.Balance.Reserved)
	}
}

// TestConcurrentAcceptancesNeverOverspend approves two declarations of two
// providers at the same moment when the grant has room for one only.
func TestConcurrentAcceptancesNeverOverspend(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		a1 := approvedAgreement(t, w, w.provider, w.prov)
		a2 := approvedAgreement(t, w, w.otherProvider, w.prov2)
		// Leave € 500 of the grant.
		if err := w.svc.PostForDemo(ctx, w.grantA.ID, ledger.Reserved, w.grantA.Total()-50000, domain.MustDate("2026-09-01")); err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range []struct {
			who service.Actor
			ag  int64
		}{{w.provider, a1}, {w.otherProvider, a2}} {
			in := october(c.ag, "2") // 8 h × 52,50 = 420,00
			in.InvoiceTotal = "420,00"
			d, err := w.svc.CreateDeclaration(ctx, c.who, in)
			if err != nil {
				t.Fatal(err)
			}
			attachInvoice(t, w.svc, c.who, d.ID)
			if _, err := w.svc.SendDeclaration(ctx, c.who, d.ID); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
		}
		var wg sync.WaitGroup
		states := make([]domain.DeclarationState, 2)
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d, err := w.svc.ApproveDeclaration(ctx, w.holder, id)
				if err != nil {
					t.Errorf("approve %d: %v", id, err)
					return
				}
				states[i] = d.State
			}()
		}
		wg.Wait()
		accepted := 0
		for _, s := range states {
			if s == domain.DeclAccepted {
				accepted++
			}
		}
		g, _ := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if accepted != 1 || !g.Balance.Holds() || g.Balance.Left() != 8000 {
			t.Errorf("accepted %d (%v), balance %+v, left %d", accepted, states, g.Balance, g.Balance.Left())
		}
	})
}
