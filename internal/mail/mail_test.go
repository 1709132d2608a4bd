package mail_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/mail"
	"github.com/pgbportaal/pgbportaal/internal/mail/smtptest"
)

// TestHeaderInjectionRefused: a header value with CR or LF is never
// written (it would add a header of its own, e.g. a Bcc), not even when an
// address slipped past the input check; the refusal is permanent and names
// the header, not the value.
func TestHeaderInjectionRefused(t *testing.T) {
	ok := mail.Message{From: "noreply@pgbportaal.nl", To: "jan@example.nl", Subject: "Uw declaratie — € 12,50", Body: "Beste,\nregel twee\n", MessageID: "outbox-1@pgbportaal", Date: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	if b, err := ok.Bytes(); err != nil || !strings.Contains(string(b), "To: jan@example.nl\r\n") {
		t.Fatalf("a good message: %v\n%s", err, b)
	}
	bad := []mail.Message{}
	for _, v := range []string{"jan@example.nl\r\nBcc: victim@example.nl", "jan@example.nl\nBcc: victim@example.nl", "jan@example.nl\r", "jan\x00@example.nl", "jan\t@example.nl"} {
		m := ok
		m.To = v
		bad = append(bad, m)
		m = ok
		m.From = v
		bad = append(bad, m)
	}
	for _, v := range []string{"Hallo\r\nBcc: victim@example.nl", "Hallo\nX: y"} {
		m := ok
		m.Subject = v
		bad = append(bad, m)
	}
	m := ok
	m.MessageID = "x>\r\nBcc: victim@example.nl"
	bad = append(bad, m)

	srv, err := smtptest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	host, port, _ := net.SplitHostPort(srv.Addr)
	p, _ := strconv.Atoi(port)
	sender := mail.SMTP{C: mail.Config{Host: host, Port: p, From: "noreply@pgbportaal.nl", StartTLS: "never", Timeout: 5 * time.Second}}
	for _, m := range bad {
		b, err := m.Bytes()
		if !errors.Is(err, mail.ErrBadHeader) || !errors.Is(err, mail.ErrPermanent) || b != nil {
			t.Errorf("Bytes of %+v: %v, %q; want ErrBadHeader (permanent) and nothing written", m, err, b)
		}
		if err != nil && strings.Contains(err.Error(), "victim") {
			t.Errorf("the error shows the value: %v", err)
		}
		if err := sender.Send(context.Background(), m); !errors.Is(err, mail.ErrBadHeader) {
			t.Errorf("Send of %+v: %v", m, err)
		}
	}
	if got := srv.Received(); len(got) != 0 {
		t.Errorf("the server received %d messages", len(got))
	}
	if err := sender.Send(context.Background(), ok); err != nil || len(srv.Received()) != 1 {
		t.Errorf("a good message was not sent: %v", err)
	}
}
