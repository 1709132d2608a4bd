package service_test

import (
	"context"
	"database/sql"
	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/mail"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

type captureSender struct{ got []mail.Message }

func (c *captureSender) Send(_ context.Context, m mail.Message) error {
	c.got = append(c.got, m)
	return nil
}

// TestResetLinkNotShownNorKept: the beheerder's outbox shows a reset mail
// with its link masked; the recipient gets the live link, and once it is
// sent the outbox keeps only the masked body; the link works once.
func TestResetLinkNotShownNorKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, service.Options{Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if _, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "r.eset@example.nl", Name: "R. Eset", Password: "een lang genoeg wachtwoord"}); err != nil {
			t.Fatal(err)
		}
		if err := svc.RequestPasswordReset(ctx, "r.eset@example.nl", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		token := regexp.MustCompile(`/wachtwoord-herstellen/([A-Za-z0-9_-]+)`)
		shown, err := svc.Outbox(ctx, service.System)
		if err != nil || len(shown) != 1 {
			t.Fatalf("outbox: %v %d", err, len(shown))
		}
		if token.MatchString(shown[0].Body) || !strings.Contains(shown[0].Body, "/wachtwoord-herstellen/"+service.LinkMask) {
			t.Errorf("the beheerder sees the link:\n%s", shown[0].Body)
		}
		sender := &captureSender{}
		if sent, _, err := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); err != nil || sent != 1 {
			t.Fatalf("deliver: %d %v", sent, err)
		}
		live := token.FindStringSubmatch(sender.got[0].Body)
		if live == nil {
			t.Fatalf("the recipient got no link:\n%s", sender.got[0].Body)
		}
		var kept []store.Mail
		db.View(ctx, func(tx *store.Tx) error { kept, err = tx.Outbox(ctx, 10); return err })
		if strings.Contains(kept[0].Body, live[1]) || !strings.Contains(kept[0].Body, service.LinkMask) {
			t.Errorf("the sent mail still holds its link:\n%s", kept[0].Body)
		}
		if err := svc.ResetPasswordWithLink(ctx, live[1], "een heel nieuw wachtwoord"); err != nil {
			t.Fatalf("the link does not work: %v", err)
		}
		if err := svc.ResetPasswordWithLink(ctx, live[1], "nog een ander wachtwoord"); domain.KindOf(err) != domain.KindConflict {
			t.Errorf("the link worked twice: %v", err)
		}
	})
}

// TestUnsentLinkSealedInTheDatabase: a reset mail waiting in the outbox
// holds its link only sealed under the data key, so that whoever reads the
// database (a backup, a DBA) cannot use it; after the key is rotated the
// mail still goes out with a link that works.
func TestUnsentLinkSealedInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service.New(db, service.Options{Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if _, err := svc.CreateAccount(ctx, service.System, service.NewAccount{Email: "s.ealed@example.nl", Name: "S. Ealed", Password: "een lang genoeg wachtwoord"}); err != nil {
			t.Fatal(err)
		}
		if err := svc.RequestPasswordReset(ctx, "s.ealed@example.nl", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		var raw []string
		if err := db.RawQuery(ctx, `SELECT body FROM outbox`, nil, func(rows *sql.Rows) error {
			var s string
			err := rows.Scan(&s)
			raw = append(raw, s)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if len(raw) != 1 || strings.Contains(raw[0], "wachtwoord-herstellen") || !datakey.IsSealed(raw[0]) {
			t.Fatalf("the unsent mail is stored readable: %q", raw)
		}
		next, _ := datakey.Generate()
		if err := db.RotateDataKey(ctx, next, func(h, a int) audit.Record {
			return audit.Record{At: now, ActorRole: "systeem", Action: "data_key.rotate", ObjectType: "data_key", ObjectID: 1}
		}); err != nil {
			t.Fatal(err)
		}
		sender := &captureSender{}
		if sent, _, err := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); err != nil || sent != 1 {
			t.Fatalf("deliver after rotation: %d %v", sent, err)
		}
		live := regexp.MustCompile(`/wachtwoord-herstellen/([A-Za-z0-9_-]+)`).FindStringSubmatch(sender.got[0].Body)
		if live == nil {
			t.Fatalf("the recipient got no link:\n%s", sender.got[0].Body)
		}
		if err := svc.ResetPasswordWithLink(ctx, live[1], "een heel nieuw wachtwoord"); err != nil {
			t.Fatalf("the link does not work: %v", err)
		}
	})
}

func TestMailRefusalLoggedWithoutAddress(t *testing.T) {
	for in, want := range map[string]string{
		`550 5.1.1 <a.elamrani@hotmial.demo>: Recipient address rejected`: `550 5.1.1 <[e-mailadres]>: Recipient address rejected`,
		`mail: connect 127.0.0.1:1: connection refused`:                   `mail: connect 127.0.0.1:1: connection refused`,
		`553 j.jansen@example.nl... not allowed`:                          `553 [e-mailadres] not allowed`,
	} {
		if got := service.WithoutAddressesForTest(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}
