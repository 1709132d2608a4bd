package service_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/postgres"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/testpg"
)

// inOctober declares 4 hours of begeleiding on four weekdays of October 2026
// from the day first (5: the Mondays), with the invoice a zzp'er needs.
func inOctober(agreementID int64, first int) service.DeclarationInput {
	var lines []service.DeclLineInput
	for d := first; d <= 31; d += 7 {
		lines = append(lines, service.DeclLineInput{Date: fmt.Sprintf("2026-10-%02d", d), CareType: "begeleiding", Unit: "uur", Units: "4"})
	}
	return service.DeclarationInput{AgreementID: agreementID, Month: "2026-10", Lines: lines, InvoiceNumber: fmt.Sprintf("F-%d", first),
		InvoiceTotal: "840,00", Files: []service.Upload{{Name: "factuur.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}}
}

// TestDeclarationRoundTrips: a declaration submitted and approved, as in the
// month-end surge, waits for the database this many times on PostgreSQL:
// the writes nobody reads back (lines, notices, mail, postings, the
// declaration's new state, the audit records and events) go in one round
// trip with the next statement or before the commit. A zzp'er's comes with
// its invoice; informal care (the surge's) without. The approval's reads
// (the declaration with its agreement, then the checks' context with the
// representation and the provider's accounts) are two.
func TestDeclarationRoundTrips(t *testing.T) {
	ctx := context.Background()
	u, wire := testpg.Counting(t, testpg.URL(t))
	db, err := postgres.OpenPool(ctx, u, storetest.Key, postgres.Pool{MaxConns: 1}) // one connection: its statements prepared by the first flow
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := setupAgreements(t, db)
	flow := func(provider service.Actor, agID int64, in service.DeclarationInput) (submit, approve int64) {
		wire.Take()
		d, err := w.svc.SubmitDeclaration(ctx, provider, in)
		if err != nil {
			t.Fatal(err)
		}
		submit = int64(wire.Take().RoundTrips)
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
		}
		return submit, int64(wire.Take().RoundTrips)
	}
	informal := func(i int) (service.Actor, int64) {
		p, err := w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "informeel", Name: fmt.Sprintf("Familielid %d", i),
			IBAN: []string{"NL15ABNA0417164310", "NL85ABNA0417164311"}[i]})
		if err != nil {
			t.Fatal(err)
		}
		a := providerAccount(t, w.svc, p, fmt.Sprintf("familie%d@example.nl", i))
		return a, approvedAgreement(t, w, a, p, func(in *service.AgreementInput) {
			in.Kind, in.KvK = "familielid_bekende", ""
			in.Lines = []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "20,00", MaxUnits: "8", Per: "week"}}
		})
	}
	withoutInvoice := func(agID int64, first int) service.DeclarationInput {
		in := inOctober(agID, first)
		in.InvoiceNumber, in.InvoiceTotal, in.Files = "", "", nil
		return in
	}
	// Every statement used once first: pgx has prepared them.
	agID := approvedAgreement(t, w, w.provider, w.prov)
	flow(w.provider, agID, inOctober(agID, 5))
	agID = approvedAgreement(t, w, w.otherProvider, w.prov2)
	submit, approve := flow(w.otherProvider, agID, inOctober(agID, 6))
	a, agID := informal(0)
	flow(a, agID, withoutInvoice(agID, 7))
	a, agID = informal(1)
	informalSubmit, informalApprove := flow(a, agID, withoutInvoice(agID, 8))
	t.Logf("round trips: with an invoice submit %d, approve %d; informal care submit %d, approve %d", submit, approve, informalSubmit, informalApprove)
	// Each write its own round trip, they were 12 and 14, and 11 and 14.
	if submit > 7 || approve > 5 || informalSubmit > 6 || informalApprove > 5 {
		t.Errorf("round trips: with an invoice submit %d (want at most 7), approve %d (want at most 5); informal care submit %d (want at most 6), approve %d (want at most 5)",
			submit, approve, informalSubmit, informalApprove)
	}
}

// TestConcurrentDeclarationsKeepTheAuditChain: declarations submitted and
// approved at the same time by several providers and their budget holder
// (the month-end surge) are each stored whole, reserve their amount, and
// leave an audit log whose chain verifies.
func TestConcurrentDeclarationsKeepTheAuditChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		type party struct {
			actor service.Actor
			agID  int64
		}
		parties := []party{{w.provider, approvedAgreement(t, w, w.provider, w.prov)}, {w.otherProvider, approvedAgreement(t, w, w.otherProvider, w.prov2)}}
		for i, iban := range []string{"NL15ABNA0417164310", "NL85ABNA0417164311", "NL58ABNA0417164312", "NL31ABNA0417164313"} {
			kvk := fmt.Sprintf("1111111%d", i)
			p, err := w.svc.CreateProvider(ctx, service.System, service.ProviderInput{Kind: "zzp", Name: "Zorg " + kvk, KvK: kvk, IBAN: iban})
			if err != nil {
				t.Fatal(err)
			}
			a := providerAccount(t, w.svc, p, kvk+"@example.nl")
			parties = append(parties, party{a, approvedAgreement(t, w, a, p)})
		}
		var wg sync.WaitGroup
		errs := make([]error, len(parties))
		for i, p := range parties {
			wg.Go(func() {
				d, err := w.svc.SubmitDeclaration(ctx, p.actor, inOctober(p.agID, 5+i))
				if err == nil {
					d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID)
				}
				if err == nil && d.State != domain.DeclAccepted {
					err = fmt.Errorf("%s %v", d.State, d.Findings)
				}
				errs[i] = err
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("provider %d: %v", i, err)
			}
		}
		g, err := w.svc.Grant(ctx, w.holder, w.grantA.ID)
		if err != nil || g.Balance.Reserved != domain.Cents(84000*len(parties)) {
			t.Errorf("reserved: %+v %v", g.Balance, err)
		}
		records, problems, err := w.svc.VerifyAudit(ctx)
		if err != nil || len(problems) > 0 || records == 0 {
			t.Errorf("audit log of %d records: %v %v", records, problems, err)
		}
	})
}

// providerAccount makes an account that acts as provider p.
func providerAccount(t *testing.T, svc *service.Service, p domain.Provider, email string) service.Actor {
	t.Helper()
	ctx := context.Background()
	acc, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: email, Name: p.Name, Password: "lang genoeg wachtwoord"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := svc.AddRole(ctx, service.System, domain.AccountRole{AccountID: acc.ID, Role: domain.RoleProvider, ProviderID: p.ID})
	if err != nil {
		t.Fatal(err)
	}
	return service.Actor{AccountID: acc.ID, Role: r}
}
