package service_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestNoticesByMailAndDeclarationMessages: a message about a declaration
// reaches the other parties' inboxes and, for those who want it, their
// e-mail; a person who turned declaration mail off gets none of those.
func TestNoticesByMailAndDeclarationMessages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setupAgreements(t, db)
		agID := approvedAgreement(t, w, w.provider, w.prov)
		d, err := w.svc.CreateDeclaration(ctx, w.provider, october(agID, "2"))
		if err != nil {
			t.Fatal(err)
		}
		// The budget holder turns declaration mail off, keeps messages.
		if err := w.svc.SetMailNotices(ctx, w.holder, []string{"agreements", "messages", "onzin"}); err != nil {
			t.Fatal(err)
		}
		if kinds, _ := w.svc.MailNotices(ctx, w.holder); strings.Join(kinds, ",") != "agreements,messages" {
			t.Errorf("kinds: %v", kinds)
		}
		outboxTo := func(addr string) (n int, subjects []string) {
			var list []store.Mail
			db.View(ctx, func(tx *store.Tx) error { list, err = tx.Outbox(ctx, 500); return err })
			for _, m := range list {
				if m.To == addr {
					n++
					subjects = append(subjects, m.Subject)
				}
			}
			return
		}
		before, _ := outboxTo("a@example.nl")
		w.svc.SendDeclaration(ctx, w.provider, d.ID) // a declaration notice: not mailed to the holder
		if n, s := outboxTo("a@example.nl"); n != before {
			t.Errorf("declaration mail despite the choice: %v", s)
		}
		if _, err := w.svc.PostDeclarationMessage(ctx, w.otherProvider, d.ID, "Hallo"); domain.KindOf(err) != domain.KindNotFound {
			t.Errorf("another provider writes about it: %v", err)
		}
		if _, err := w.svc.PostDeclarationMessage(ctx, w.provider, d.ID, "De 12e was een feestdag, klopt dat?"); err != nil {
			t.Fatal(err)
		}
		n, subjects := outboxTo("a@example.nl")
		if n != before+1 || !strings.Contains(subjects[0], "bericht over een declaratie") {
			t.Errorf("message mail: %d %v", n-before, subjects)
		}
		msgs, err := w.svc.DeclarationMessages(ctx, w.holder, d.ID)
		if err != nil || len(msgs) != 1 || msgs[0].Party != domain.PartyProvider {
			t.Errorf("thread: %v %+v", err, msgs)
		}
		if agMsgs, _ := w.svc.Messages(ctx, w.holder, agID); len(agMsgs) != 1 {
			t.Errorf("the agreement's thread has %d messages", len(agMsgs))
		}
		// The provider reads English: the holder's answer reaches them in
		// English, the holder's own notices stay Dutch.
		if err := w.svc.SetLanguage(ctx, w.provider.AccountID, "en"); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.PostDeclarationMessage(ctx, w.holder, d.ID, "Ja, dat klopt."); err != nil {
			t.Fatal(err)
		}
		if n, subjects := outboxTo("zorg@example.nl"); n == 0 || subjects[0] != "pgbportaal: New message about a declaration under the agreement between "+w.holderA.Name()+" and Zorg met Aandacht." {
			t.Errorf("English mail to the provider: %v", subjects)
		}
	})
}
