package service

import (
	"context"
	"regexp"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// anchor: one-time links (password reset, invitations) in e-mail are not
// shown to the beheerder, and a sent mail keeps only a masked copy.

// linkToken finds the token of a one-time link in a mail's body.
var linkToken = regexp.MustCompile(`(/(?:uitnodiging|uitnodiging-budgethouder|wachtwoord-herstellen)/)[A-Za-z0-9_-]+`)

// LinkMask replaces a link's token where a mail is shown or kept.
const LinkMask = "••••••"

// MaskLinks replaces the tokens of one-time links in body by LinkMask.
func MaskLinks(body string) string {
	return linkToken.ReplaceAllString(body, "${1}"+LinkMask)
}

// OutboxWithLinks is Outbox with the links readable: for the demo only,
// where nobody has a mail server and the invitations must still work.
func (s *Service) OutboxWithLinks(ctx context.Context, a Actor) ([]store.Mail, error) {
	return s.outbox(ctx, a, false)
}

func (s *Service) outbox(ctx context.Context, a Actor, mask bool) ([]store.Mail, error) {
	if !a.Is(domain.RoleAdmin) && !a.isSystem() {
		return nil, domain.Forbidden("admin_only")
	}
	if err := requireStaffMFA(a); err != nil {
		return nil, err
	}
	var out []store.Mail
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.Outbox(ctx, 100)
		return err
	})
	if mask {
		for i := range out {
			out[i].Body = MaskLinks(out[i].Body)
		}
	}
	return out, err
}
