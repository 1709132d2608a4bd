package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestWorkList follows a declaration through the work lists of the people
// it waits for: the budget holder approves, the provider corrects, the SVB
// pays; others see nothing of it.
func TestWorkList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		keys := func(a service.Actor) []string {
			t.Helper()
			items, err := w.svc.WorkList(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range items {
				out = append(out, it.Key)
			}
			return out
		}
		agID := approvedAgreement(t, w, w.provider, w.prov)
		if k := keys(w.provider); !slices.Contains(k, "work.declare_month") {
			t.Errorf("provider with an agreement in force and no October: %v", k)
		}
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		in.Files = []service.Upload{{Name: "factuur.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}
		d, err := w.svc.EnterDeclaration(ctx, w.provider, in, true)
		if err != nil {
			t.Fatal(err)
		}
		if k := keys(w.holder); !slices.Contains(k, "work.declaration_to_approve") {
			t.Errorf("holder with a declaration waiting: %v", k)
		}
		if k := keys(w.provider); slices.Contains(k, "work.declare_month") {
			t.Errorf("October is declared, still on the list: %v", k)
		}
		if k := keys(w.otherProvider); len(k) != 0 {
			t.Errorf("another provider sees: %v", k)
		}
		if _, err := w.svc.RejectDeclaration(ctx, w.holder, d.ID, "Te veel uren"); err != nil {
			t.Fatal(err)
		}
		if k := keys(w.provider); !slices.Contains(k, "work.declaration_to_correct") {
			t.Errorf("provider with a rejected declaration: %v", k)
		}
		if k := keys(w.holder); slices.Contains(k, "work.declaration_to_approve") {
			t.Errorf("holder after rejecting: %v", k)
		}
		if _, err := w.svc.SendDeclaration(ctx, w.provider, d.ID); err != nil {
			t.Fatal(err)
		}
		if d, err = w.svc.ApproveDeclaration(ctx, w.holder, d.ID); err != nil || d.State != domain.DeclAccepted {
			t.Fatalf("approve: %v %s %v", err, d.State, d.Findings)
		}
		svbOrg, err := w.svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: "SVB"})
		if err != nil {
			t.Fatal(err)
		}
		svb := staff(t, w.svc, svbOrg, "svb@svb.nl")
		items, err := w.svc.WorkList(ctx, svb)
		if err != nil || len(items) != 1 || items[0].Key != "work.payable" || items[0].Args[0] != int64(1) {
			t.Errorf("SVB: %+v %v", items, err)
		}
		noMFA := svb
		noMFA.MFA = false
		if items, _ := w.svc.WorkList(ctx, noMFA); len(items) != 0 {
			t.Errorf("staff without their second factor see work: %v", items)
		}
	})
}
