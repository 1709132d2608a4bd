package service

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/mail"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Mail delivery: the outbox is written in the transaction of the change
// that causes a mail; DeliverMail sends what is due.
const (
	MailLease       = 2 * time.Minute // how long a worker holds a claimed mail
	MailMaxAttempts = 8               // then it is given up (and shown so in the outbox)
	StepMailSent    = "mail.sent"     // fault point: sent, not yet marked
)

// anAddress is an e-mail address as a mail server's reply quotes it.
var anAddress = regexp.MustCompile(`[^\s<>"'@]+@[^\s<>"']+`)

// withoutAddresses is a mail server's reply for the log: a refusal names
// the recipient ("550 <j.jansen@example.nl>: User unknown"), and personal
// data never go into the log. The outbox keeps the reply as it was, for the
// beheerder.
func withoutAddresses(s string) string { return anAddress.ReplaceAllString(s, "[e-mailadres]") }

// mailBackoff is the wait before the next try: 1, 2, 4 … minutes, at most 6 hours.
func mailBackoff(attempts int) time.Duration {
	d := time.Minute << min(attempts, 9)
	return min(d, 6*time.Hour)
}

// DeliverMail sends up to limit due mails through sender, from the address
// from. Each mail keeps its Message-ID on every try, so that a resend after
// a crash between the server's acceptance and the mark (the one moment
// SMTP cannot make safe) is recognisable as the same mail. A refusal is
// logged and tried again later with backoff; a permanent refusal (5xx) is
// given up after three tries, a message with a bad header (mail.ErrBadHeader)
// at once.
func (s *Service) DeliverMail(ctx context.Context, sender mail.Sender, from string, limit int) (sent, failed int, err error) {
	claim := rand.Text()
	now := s.now()
	var batch []store.Mail
	if err := s.db.Update(ctx, func(tx *store.Tx) error {
		var err error
		batch, err = tx.ClaimMail(ctx, claim, now, now.Add(MailLease), limit)
		return err
	}); err != nil {
		return 0, 0, err
	}
	for _, m := range batch {
		msg := mail.Message{From: from, To: m.To, Subject: m.Subject, Body: m.Body, Date: m.CreatedAt,
			MessageID: fmt.Sprintf("outbox-%d@pgbportaal", m.ID)}
		sendErr := sender.Send(ctx, msg)
		if sendErr == nil {
			if err := s.faultAt(StepMailSent); err != nil {
				return sent, failed, err
			}
			if err := s.db.Update(ctx, func(tx *store.Tx) error { return tx.MailSent(ctx, m.ID, claim, MaskLinks(m.Body), s.now()) }); err != nil {
				return sent, failed, err
			}
			sent++
			continue
		}
		attempts := m.Attempts + 1
		// A message the mail package refuses to write (a line break in an
		// address or the subject) will never go: give it up at once.
		giveUp := attempts >= MailMaxAttempts || (errors.Is(sendErr, mail.ErrPermanent) && attempts >= 3) ||
			errors.Is(sendErr, mail.ErrBadHeader)
		s.log.Warn("mail not delivered", "outbox_id", m.ID, "attempt", attempts, "give_up", giveUp, "err", withoutAddresses(sendErr.Error()))
		if err := s.db.Update(ctx, func(tx *store.Tx) error {
			return tx.MailFailed(ctx, m.ID, claim, sendErr.Error(), s.now().Add(mailBackoff(attempts)), giveUp, s.now())
		}); err != nil {
			return sent, failed, err
		}
		failed++
	}
	return sent, failed, nil
}
