package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestListsNameTheOtherParty: list pages name both parties (staff also see
// the masked BSN), search by name, filter by state, month and law, and page.
func TestListsNameTheOtherParty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		if _, err := w.svc.CreateDeclaration(ctx, w.provider, in); err != nil {
			t.Fatal(err)
		}
		list := func(a service.Actor, q service.ListQueryInput) []service.ListItem {
			t.Helper()
			page, err := w.svc.DeclarationList(ctx, a, service.ParseListQuery(q), 1)
			if err != nil {
				t.Fatal(err)
			}
			return page.Items
		}
		got := list(w.provider, service.ListQueryInput{})
		if len(got) != 1 || got[0].Holder != w.holderA.Name() || got[0].HolderBSN != "" || got[0].ProviderName != w.prov.Name {
			t.Fatalf("provider's list: %+v", got)
		}
		staffList := list(w.gemeenteA, service.ListQueryInput{})
		if len(staffList) != 1 || staffList[0].HolderBSN != w.holderA.BSN.Masked() {
			t.Errorf("staff's list: %+v", staffList)
		}
		for _, c := range []struct {
			q    service.ListQueryInput
			want int
		}{
			{service.ListQueryInput{Q: "aal"}, 1},         // the holder's family name, any case
			{service.ListQueryInput{Q: "zorg met"}, 1},    // the provider's name
			{service.ListQueryInput{Q: "bos"}, 0},         // someone else
			{service.ListQueryInput{Q: "%"}, 0},           // a wildcard is a character
			{service.ListQueryInput{State: "concept"}, 1}, // state
			{service.ListQueryInput{State: "betaald"}, 0}, //
			{service.ListQueryInput{Month: "2026-10"}, 1}, // month
			{service.ListQueryInput{Month: "2026-09"}, 0}, //
			{service.ListQueryInput{Law: "wlz"}, 0},       // law
			{service.ListQueryInput{Month: "oktober"}, 1}, // what does not parse does not narrow
		} {
			if n := len(list(w.provider, c.q)); n != c.want {
				t.Errorf("%+v: %d rows, want %d", c.q, n, c.want)
			}
		}
		if n := len(list(w.otherProvider, service.ListQueryInput{})); n != 0 {
			t.Errorf("another provider lists %d", n)
		}
		// The verstrekker's lists are read by the declaration's own
		// verstrekker (an index range), searched by either party's name.
		for q, want := range map[string]int{"": 1, "AAL": 1, "zorg met": 1, "bos": 0} {
			if n := len(list(w.gemeenteA, service.ListQueryInput{Q: q})); n != want {
				t.Errorf("gemeente A searching %q: %d rows, want %d", q, n, want)
			}
		}
		if n := len(list(w.gemeenteB, service.ListQueryInput{})); n != 0 {
			t.Errorf("another gemeente lists %d", n)
		}
		ags, err := w.svc.AgreementList(ctx, w.gemeenteA, service.ParseListQuery(service.ListQueryInput{State: string(domain.StateApproved)}), 1)
		if err != nil || len(ags.Items) != 1 || ags.Items[0].ProviderName != w.prov.Name || ags.Items[0].Kind != "zzp" || ags.More {
			t.Errorf("agreements: %+v %v", ags, err)
		}
	})
}

// TestPayRunTransfersListed: the SVB pages through a run's transfers and
// can list only the failed ones; nobody else can.
func TestPayRunTransfersListed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupPayments(t, db, nil)
		run, _, err := w.svc.StartPayRun(ctx, w.svb, "2026-10-31", "2026-11-24")
		if err != nil {
			t.Fatal(err)
		}
		page, err := w.svc.PayRunTransfers(ctx, w.svb, run.ID, "", 1)
		if err != nil || len(page.Items) != 2 || page.More || page.Items[0].Name == "" || page.Items[0].Amount+page.Items[1].Amount != 52500 {
			t.Fatalf("transfers: %+v %v", page, err)
		}
		if failed, err := w.svc.PayRunTransfers(ctx, w.svb, run.ID, string(domain.TransferFailed), 1); err != nil || len(failed.Items) != 0 {
			t.Errorf("failed ones: %+v %v", failed, err)
		}
		if _, err := w.svc.PayRunTransfers(ctx, w.provider, run.ID, "", 1); err == nil {
			t.Error("a provider lists a run's transfers")
		}
	})
}
