// Package mail sends the portal's e-mail over SMTP: a message with a stable
// Message-ID, STARTTLS when the server offers it (or always, when
// required), and AUTH PLAIN when credentials are set. It holds no queue:
// the outbox table is the queue (see the service's DeliverMail).
package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// Message is one e-mail.
type Message struct {
	From, To, Subject, Body string
	MessageID               string // stable per outbox row: a resend after a crash carries the same id
	Date                    time.Time
}

// ErrBadHeader marks a message with a header value that holds a line
// break (or another control character): written out, it would add a header
// of its own. It is permanent: sending it again will not change it.
var ErrBadHeader = errors.New("mail: header value with a control character")

// Check refuses a message whose From, To or Message-ID holds CR, LF or
// another control character, or whose Subject holds CR or LF. The error names the header, never its
// value (an address is personal data).
func (m Message) Check() error {
	control := func(r rune) bool { return r < 0x20 || r == 0x7f }
	lineBreak := func(r rune) bool { return r == '\r' || r == '\n' }
	for _, h := range []struct {
		name, v string
		bad     func(rune) bool
	}{
		{"From", m.From, control}, {"To", m.To, control}, {"Message-ID", m.MessageID, control},
		{"Subject", m.Subject, lineBreak}, // Q-encoded, but a subject has no business with a line break
	} {
		if strings.ContainsFunc(h.v, h.bad) {
			return fmt.Errorf("%w: %s: %w", ErrBadHeader, h.name, ErrPermanent)
		}
	}
	return nil
}

// Bytes renders the message (RFC 5322, UTF-8 text, quoted-printable). It
// refuses a header value with a line break (see Check).
func (m Message) Bytes() ([]byte, error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", m.From)
	h("To", m.To)
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Date", m.Date.Format(time.RFC1123Z))
	h("Message-ID", "<"+m.MessageID+">")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(m.Body, "\r\n", "\n"), "\n", "\r\n")))
	qp.Close()
	return []byte(b.String()), nil
}

// Config is the SMTP server the operator configures.
type Config struct {
	Host     string // empty: no sending (mail waits in the outbox)
	Port     int
	Username string
	Password string
	StartTLS string // "auto" (when offered), "always" (refuse without), "never"
	From     string
	Timeout  time.Duration
	// TLSConfig overrides the TLS settings (tests trust their own CA).
	TLSConfig *tls.Config
}

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// SMTP sends through the configured server, one connection per message.
type SMTP struct{ C Config }

// ErrPermanent marks a refusal that a retry will not change (5xx).
var ErrPermanent = errors.New("mail: permanently refused")

// Send delivers m. A 5xx answer wraps ErrPermanent, and so does a message
// that fails Check (refused before connecting).
func (s SMTP) Send(ctx context.Context, m Message) error {
	data, err := m.Bytes()
	if err != nil {
		return err
	}
	timeout := s.C.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	addr := net.JoinHostPort(s.C.Host, fmt.Sprint(s.C.Port))
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: connect %s: %w", addr, err)
	}
	conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, s.C.Host)
	if err != nil {
		conn.Close()
		return classify(fmt.Errorf("mail: greeting: %w", err))
	}
	defer c.Close()
	if err := c.Hello("pgbportaal"); err != nil {
		return classify(err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok && s.C.StartTLS != "never" {
		cfg := s.C.TLSConfig
		if cfg == nil {
			cfg = &tls.Config{ServerName: s.C.Host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	} else if s.C.StartTLS == "always" {
		return fmt.Errorf("mail: %s offers no STARTTLS: %w", addr, ErrPermanent)
	}
	if s.C.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.C.Username, s.C.Password, s.C.Host)); err != nil {
			return classify(fmt.Errorf("mail: auth: %w", err))
		}
	}
	if err := c.Mail(s.C.From); err != nil {
		return classify(err)
	}
	if err := c.Rcpt(m.To); err != nil {
		return classify(err)
	}
	w, err := c.Data()
	if err != nil {
		return classify(err)
	}
	if _, err := w.Write(data); err != nil {
		return err
	}
	if err := w.Close(); err != nil { // the server's 250 after the final dot: the mail is accepted
		return classify(err)
	}
	return c.Quit()
}

// classify marks 5xx answers permanent.
func classify(err error) error {
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return fmt.Errorf("%w: %v", ErrPermanent, err)
	}
	return err
}
