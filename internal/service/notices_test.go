package service_test

import (
	"context"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestNoticesLinkTheirObjectAndAreReadOneByOne: a notice about a
// declaration opens the declaration and reads only itself; an agreement
// sent for signing asks each party once; the verstrekker does not hear of
// the holder's and provider's messages to each other.
func TestNoticesLinkTheirObjectAndAreReadOneByOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		keys := func(a service.Actor) map[string]int {
			t.Helper()
			list, _, err := w.svc.Inbox(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int{}
			for _, n := range list {
				out[n.TextKey]++
			}
			return out
		}
		agID := approvedAgreement(t, w, w.provider, w.prov)
		if n := keys(w.provider)["notice.sign_waiting"]; n != 1 {
			t.Errorf("the provider was asked to sign %d times", n)
		}
		if _, err := w.svc.PostMessage(ctx, w.holder, agID, "Tot dinsdag!"); err != nil {
			t.Fatal(err)
		}
		if n := keys(w.gemeenteA)["notice.message"]; n != 0 {
			t.Errorf("the verstrekker hears of a private message (%d)", n)
		}
		if n := keys(w.provider)["notice.message"]; n != 1 {
			t.Errorf("the provider does not hear of the holder's message (%d)", n)
		}

		in := october(agID, "4")
		in.InvoiceTotal = "840,00"
		in.Files = []service.Upload{{Name: "factuur.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}}
		d, err := w.svc.EnterDeclaration(ctx, w.provider, in, true)
		if err != nil {
			t.Fatal(err)
		}
		list, unread, err := w.svc.Inbox(ctx, w.holder)
		if err != nil {
			t.Fatal(err)
		}
		var waiting store.Notice
		for _, n := range list {
			if n.TextKey == "notice.declaration_waiting" {
				waiting = n
			}
		}
		if service.NoticePath(waiting) != "/declaraties/"+itoa(d.ID) {
			t.Fatalf("the declaration's notice links to %q", service.NoticePath(waiting))
		}
		path, err := w.svc.OpenNotice(ctx, w.holder, waiting.ID)
		if err != nil || path != "/declaraties/"+itoa(d.ID) {
			t.Errorf("open: %q %v", path, err)
		}
		if _, after, _ := w.svc.Inbox(ctx, w.holder); after != unread-1 {
			t.Errorf("unread %d before, %d after opening one", unread, after)
		}
		// Someone else's notice is not found.
		if _, err := w.svc.OpenNotice(ctx, w.otherProvider, waiting.ID); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another party opens the holder's notice: %v", err)
		}
	})
}

// TestSettlementWaitingIsANotice: a settlement made for a budget holder is
// in their inbox, linking to it.
func TestSettlementWaitingIsANotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		last, err := w.svc.CreateGrant(ctx, w.gemeenteA, service.GrantInput{BudgetHolderID: w.holderA.ID, Law: "wmo", Reference: "A-2025",
			Start: "2025-01-01", End: "2025-12-31", DecidedOn: "2024-12-20", Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "12.000"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.svc.MakeSettlements(ctx, w.gemeenteA, "2026-11-23"); err != nil {
			t.Fatal(err)
		}
		sv, err := w.svc.SettlementOfGrant(ctx, w.holder, last.ID)
		if err != nil || sv == nil {
			t.Fatalf("settlement: %v", err)
		}
		list, _, err := w.svc.Inbox(ctx, w.holder)
		if err != nil {
			t.Fatal(err)
		}
		var found int
		for _, n := range list {
			if n.TextKey == "notice.settlement_waiting" && service.NoticePath(n) == "/eindafrekeningen/"+itoa(sv.ID) {
				found++
			}
		}
		if found != 1 {
			t.Errorf("%d notices of the settlement in the holder's inbox", found)
		}
		items, err := w.svc.WorkList(ctx, w.holder)
		if err != nil || len(items) == 0 || items[len(items)-1].Key != "work.settlement_to_agree" {
			t.Errorf("work list: %+v %v", items, err)
		}
	})
}
