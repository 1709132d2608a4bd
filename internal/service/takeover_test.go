package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestChangesToABudgetHolder: who may change a budget holder's contact
// details, IBAN and representatives (the holder, their representative, a
// verstrekker with a current grant), and that the holder hears of each
// change, by notice and at the e-mail address they had before it.
func TestChangesToABudgetHolder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		holder := holderActor(t, w.svc, w.holderA, "aalders@example.nl")
		if err := w.svc.UpdateContact(ctx, holder, w.holderA.ID, "aalders@example.nl", "06-1", ""); err != nil {
			t.Fatalf("the holder changes their own contact: %v", err)
		}

		// Gemeente B links the person with the right register details, the
		// holder is told; B has no grant, so it changes nothing.
		if _, err := w.svc.CreateBudgetHolder(ctx, w.gemeenteB, service.BudgetHolderInput{BSN: "111222333", Initials: "A.", FamilyName: "AALDERS", BirthDate: "1960-01-01"}); err != nil {
			t.Fatalf("link: %v", err)
		}
		if err := w.svc.UpdateContact(ctx, w.gemeenteB, w.holderA.ID, "evil@example.nl", "", "NL91ABNA0417164300"); domain.CodeOf(err) != "no_current_grant" {
			t.Errorf("gemeente B without a grant changes the contact: %v", err)
		}
		if _, err := w.svc.AddRepresentative(ctx, w.gemeenteB, w.holderA.ID, service.RepresentativeInput{Email: "b@gm2.nl", Kind: "gemachtigde", ValidFrom: "2026-11-23"}); domain.CodeOf(err) != "no_current_grant" {
			t.Errorf("gemeente B without a grant adds a representative: %v", err)
		}

		// The SVB sees every budget holder but changes none.
		svbOrg, err := w.svc.CreateOrganisation(ctx, service.System, domain.Organisation{Kind: domain.SVB, Name: "SVB", Code: "SVB"})
		if err != nil {
			t.Fatal(err)
		}
		svb := staff(t, w.svc, svbOrg, "svb@svb.nl")
		if err := w.svc.UpdateContact(ctx, svb, w.holderA.ID, "evil@example.nl", "", ""); domain.KindOf(err) != domain.KindForbidden {
			t.Errorf("the SVB changes the contact: %v", err)
		}

		// Gemeente A grants this year's budget: it may, and the holder is told.
		if err := w.svc.UpdateContact(ctx, w.gemeenteA, w.holderA.ID, "nieuw@example.nl", "06-2", "NL91ABNA0417164300"); err != nil {
			t.Fatalf("gemeente A with a current grant: %v", err)
		}
		notices, _, err := w.svc.Inbox(ctx, holder)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string][]string{}
		for _, n := range notices {
			keys[n.TextKey] = n.Args
		}
		if args := keys["notice.holder_linked"]; len(args) != 1 || args[0] != "Gemeente B" {
			t.Errorf("the holder is not told of gemeente B's link: %v", keys)
		}
		if args := keys["notice.holder_iban_changed"]; len(args) != 1 || args[0] != "Gemeente A" {
			t.Errorf("the holder is not told of the new IBAN: %v", keys)
		}
		var toOld int
		db.View(ctx, func(tx *store.Tx) error {
			mails, err := tx.Outbox(ctx, 50)
			for _, m := range mails {
				if m.To == "aalders@example.nl" && strings.Contains(m.Body, "Gemeente A") && strings.Contains(m.Subject, "IBAN") {
					toOld++
				}
			}
			return err
		})
		if toOld != 1 {
			t.Errorf("%d mails about the IBAN to the address the holder had before, want 1", toOld)
		}

		// A grant that has ended is no licence: holder C had a budget from
		// gemeente A last year only.
		c, err := w.svc.CreateBudgetHolder(ctx, w.gemeenteA, service.BudgetHolderInput{BSN: "123456782", Initials: "B.", FamilyName: "Bos", BirthDate: "1970-01-01"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.CreateGrant(ctx, w.gemeenteA, service.GrantInput{BudgetHolderID: c.ID, Law: "wmo", Reference: "A-2025", Start: "2025-01-01", End: "2025-12-31",
			DecidedOn: "2024-12-20", Lines: []service.LineInput{{CareFunction: "begeleiding", Yearly: "1.000"}}}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.UpdateContact(ctx, w.gemeenteA, c.ID, "x@example.nl", "", ""); domain.CodeOf(err) != "no_current_grant" {
			t.Errorf("a verstrekker whose grant ended changes the contact: %v", err)
		}
	})
}
