package service_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/mail"
	"github.com/pgbportaal/pgbportaal/internal/mail/smtptest"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMailDeliveredThroughSMTP sends the outbox to a real SMTP server on
// loopback: a refusal is retried with backoff, a crash between the
// server's acceptance and the mark resends the same Message-ID once the
// lease ends, and nothing is lost.
func TestMailDeliveredThroughSMTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv, err := smtptest.Start()
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		host, port, _ := net.SplitHostPort(srv.Addr)
		p, _ := strconv.Atoi(port)
		sender := mail.SMTP{C: mail.Config{Host: host, Port: p, From: "noreply@pgbportaal.nl", StartTLS: "auto", Timeout: 5 * time.Second}}
		clock := now
		crash := false
		svc := service.New(db, service.Options{Now: func() time.Time { return clock }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Fault: func(step string) error {
			if step == service.StepMailSent && crash {
				crash = false
				return errors.New("killed after sending")
			}
			return nil
		}})
		for _, to := range []string{"een@example.nl", "twee@example.nl"} {
			if err := db.Update(ctx, func(tx *store.Tx) error {
				return tx.QueueMail(ctx, store.Mail{To: to, Subject: "Uw declaratie wacht — € 12,50", Body: "Beste,\nEr wacht iets op u.\n", CreatedAt: clock})
			}); err != nil {
				t.Fatal(err)
			}
		}
		// The server refuses the second recipient for now.
		srv.SetRefuse(func(to string) string {
			if to == "twee@example.nl" {
				return "451 4.3.0 try again later"
			}
			return ""
		})
		sent, failed, err := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10)
		if err != nil || sent != 1 || failed != 1 {
			t.Fatalf("first round: %d sent, %d failed, %v", sent, failed, err)
		}
		// Not due yet: nothing happens before the backoff has passed.
		if sent, failed, _ := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); sent+failed != 0 {
			t.Errorf("retried before the backoff: %d %d", sent, failed)
		}
		srv.SetRefuse(nil)
		clock = clock.Add(2 * time.Minute)
		crash = true // the process dies after the server accepted, before the mark
		if _, _, err := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); err == nil {
			t.Fatal("the injected crash did not stop delivery")
		}
		// Within the lease nobody sends it again; after it, the same mail goes once more.
		if sent, _, _ := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); sent != 0 {
			t.Errorf("resent within the lease")
		}
		clock = clock.Add(service.MailLease + time.Second)
		if sent, _, err := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); err != nil || sent != 1 {
			t.Fatalf("after the lease: %d %v", sent, err)
		}
		got := srv.Received()
		if len(got) != 3 {
			t.Fatalf("%d messages received, want 3 (one of them twice)", len(got))
		}
		ids := map[string]int{}
		for _, r := range got {
			for _, line := range strings.Split(r.Data, "\n") {
				if strings.HasPrefix(line, "Message-ID:") {
					ids[line]++
				}
			}
			if !strings.Contains(r.Data, "Subject: =?utf-8?q?") || !strings.Contains(r.Data, "Er wacht iets op u.") {
				t.Errorf("message:\n%s", r.Data)
			}
		}
		if len(ids) != 2 {
			t.Errorf("the resend does not carry the same Message-ID: %v", ids)
		}
		var out []store.Mail
		db.View(ctx, func(tx *store.Tx) error { out, err = tx.Outbox(ctx, 10); return err })
		for _, m := range out {
			if m.SentAt.IsZero() {
				t.Errorf("mail %d to %s not marked sent (attempts %d, %s)", m.ID, m.To, m.Attempts, m.LastError)
			}
		}
		// A permanent refusal is given up after three tries, visibly.
		db.Update(ctx, func(tx *store.Tx) error {
			return tx.QueueMail(ctx, store.Mail{To: "weg@example.nl", Subject: "x", Body: "x", CreatedAt: clock})
		})
		srv.SetRefuse(func(string) string { return "550 5.1.1 no such user" })
		for i := 0; i < 3; i++ {
			svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10)
			clock = clock.Add(10 * time.Minute)
		}
		db.View(ctx, func(tx *store.Tx) error { out, err = tx.Outbox(ctx, 1); return err })
		if out[0].FailedAt.IsZero() || out[0].Attempts != 3 || !strings.Contains(out[0].LastError, "550") {
			t.Errorf("permanent refusal: %+v", out[0])
		}
	})
}

// TestMailWithBadHeaderGivenUp: a mail whose address holds a line break
// (it could only come from before the input check) is refused by the mail
// package and given up at the first try, not retried for hours; the
// others still go.
func TestMailWithBadHeaderGivenUp(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv, err := smtptest.Start()
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		host, port, _ := net.SplitHostPort(srv.Addr)
		p, _ := strconv.Atoi(port)
		sender := mail.SMTP{C: mail.Config{Host: host, Port: p, From: "noreply@pgbportaal.nl", StartTLS: "never", Timeout: 5 * time.Second}}
		clock := now
		svc := service.New(db, service.Options{Now: func() time.Time { return clock }, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		for _, to := range []string{"jan@example.nl\r\nBcc: victim@example.nl", "piet@example.nl"} {
			if err := db.Update(ctx, func(tx *store.Tx) error {
				return tx.QueueMail(ctx, store.Mail{To: to, Subject: "Er wacht iets op u", Body: "Beste,\n", CreatedAt: clock})
			}); err != nil {
				t.Fatal(err)
			}
		}
		sent, failed, err := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10)
		if err != nil || sent != 1 || failed != 1 {
			t.Fatalf("%d sent, %d failed, %v", sent, failed, err)
		}
		for i := 0; i < 3; i++ { // later rounds: nothing is tried again
			clock = clock.Add(7 * time.Hour)
			if sent, failed, _ := svc.DeliverMail(ctx, sender, "noreply@pgbportaal.nl", 10); sent+failed != 0 {
				t.Errorf("round %d: %d sent, %d failed", i, sent, failed)
			}
		}
		var out []store.Mail
		db.View(ctx, func(tx *store.Tx) error { out, err = tx.Outbox(ctx, 10); return err })
		for _, m := range out {
			if strings.HasPrefix(m.To, "jan@") && (m.FailedAt.IsZero() || m.Attempts != 1 || strings.Contains(m.LastError, "victim")) {
				t.Errorf("the bad mail: %+v", m)
			}
		}
		for _, r := range srv.Received() {
			if strings.Contains(r.Data, "victim") {
				t.Errorf("the injected header went out:\n%s", r.Data)
			}
		}
	})
}
