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

// TestProviderChangesOwnIBAN: a provider keeps its own e-mail, phone and
// IBAN; a new IBAN asks for the password again and is confirmed by e-mail
// to the old and the new address.
func TestProviderChangesOwnIBAN(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		in := service.ProviderDetailsInput{Email: "oud@zorg.nl", Phone: "030-1", IBAN: string(w.prov.IBAN)}
		if err := w.svc.UpdateProviderDetails(ctx, w.provider, w.prov.ID, in); err != nil {
			t.Fatalf("e-mail and phone without the password: %v", err)
		}
		in.Email, in.IBAN = "nieuw@zorg.nl", "NL02 ABNA 0123 4567 89"
		if err := w.svc.UpdateProviderDetails(ctx, w.provider, w.prov.ID, in); fieldCode(err, "secret") != "required" {
			t.Errorf("a new IBAN without the password: %v", err)
		}
		in.Secret = "fout wachtwoord"
		if err := w.svc.UpdateProviderDetails(ctx, w.provider, w.prov.ID, in); fieldCode(err, "secret") != "signature_reauth" {
			t.Errorf("a new IBAN with a wrong password: %v", err)
		}
		bad := in
		bad.IBAN = "NL02ABNA0123456788"
		if err := w.svc.UpdateProviderDetails(ctx, w.provider, w.prov.ID, bad); fieldCode(err, "iban") == "" {
			t.Errorf("an IBAN that fails mod 97: %v", err)
		}
		if err := w.svc.UpdateProviderDetails(ctx, w.otherProvider, w.prov.ID, in); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another provider changes the IBAN: %v", err)
		}
		in.Secret = "lang genoeg wachtwoord"
		if err := w.svc.UpdateProviderDetails(ctx, w.provider, w.prov.ID, in); err != nil {
			t.Fatal(err)
		}
		p, err := w.svc.Provider(ctx, w.provider, w.prov.ID)
		if err != nil || p.IBAN != "NL02ABNA0123456789" || p.Email != "nieuw@zorg.nl" {
			t.Fatalf("after the change: %+v %v", p, err)
		}
		to := map[string]bool{}
		db.View(ctx, func(tx *store.Tx) error {
			mails, err := tx.Outbox(ctx, 20)
			for _, m := range mails {
				if strings.Contains(m.Body, "NL02 … 6789") {
					to[m.To] = true
				}
				if strings.Contains(m.Body, "NL02ABNA0123456789") {
					t.Errorf("the mail holds the whole IBAN: %s", m.Body)
				}
			}
			return err
		})
		if !to["oud@zorg.nl"] || !to["nieuw@zorg.nl"] || len(to) != 2 {
			t.Errorf("confirmation mails to %v", to)
		}
		var actions []string
		db.View(ctx, func(tx *store.Tx) error {
			rs, err := tx.AuditOf(ctx, "provider", w.prov.ID, 10)
			for _, r := range rs {
				actions = append(actions, r.Action)
			}
			return err
		})
		if len(actions) < 2 || actions[0] != "provider.details" {
			t.Errorf("audit: %v", actions)
		}
	})
}
