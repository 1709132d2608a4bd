package service

import (
	"context"
	"slices"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// ProviderDetailsInput is what a provider changes on its own details page.
type ProviderDetailsInput struct {
	Email, Phone, IBAN string
	Secret             string // the password or a TOTP code: asked when the IBAN changes
}

// UpdateProviderDetails lets a provider change its e-mail, phone and IBAN.
// A new IBAN is where its money goes, so it needs the password (or a TOTP
// code) again, is checked (mod 97), audited, confirmed by e-mail to the
// address the provider had and the new one, and used from the next payment
// run; payments that failed to the old IBAN go to the new one then.
func (s *Service) UpdateProviderDetails(ctx context.Context, a Actor, providerID int64, in ProviderDetailsInput) error {
	if !a.Is(domain.RoleProvider) || a.Role.ProviderID != providerID {
		return domain.NotFound("provider")
	}
	var v domain.Validation
	email := strings.TrimSpace(in.Email)
	if email != "" {
		var err error
		email, err = domain.ParseEmail(email)
		v.AddErr("email", err)
	}
	phone := strings.TrimSpace(in.Phone)
	if len(phone) > 30 {
		v.Add("phone", "too_long", 30)
	}
	iban, err := domain.ParseIBAN(in.IBAN)
	v.AddErr("iban", err)
	if err := v.Err(); err != nil {
		return err
	}
	// A new IBAN asks for the password (or a code) again: checked before
	// the write, against the account's throttle, finished in it.
	var current domain.Provider
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		current, err = tx.Provider(ctx, providerID)
		return err
	}); err != nil {
		return err
	}
	var sig *reauth
	if iban != current.IBAN {
		if strings.TrimSpace(in.Secret) == "" {
			return domain.Invalid("secret", "required")
		}
		if sig, err = s.checkReauth(ctx, a, in.Secret); err != nil {
			return err
		}
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		before, err := tx.Provider(ctx, providerID)
		if err != nil {
			return err
		}
		if iban != before.IBAN {
			if sig == nil { // changed meanwhile by another session: ask again
				return domain.Invalid("secret", "required")
			}
			if err := s.reauthUse(ctx, tx, sig); err != nil {
				return err
			}
		}
		if err := tx.UpdateProviderDetails(ctx, providerID, email, phone, iban); err != nil {
			return err
		}
		if iban != before.IBAN {
			text := i18n.T("nl", "provider.iban_changed_mail", before.Name, iban.Masked(), a.Name)
			for _, to := range uniqueNonEmpty(before.Email, email) {
				if err := tx.QueueMail(ctx, store.Mail{To: to, CreatedAt: s.now(), Subject: i18n.T("nl", "provider.iban_changed_subject"), Body: text}); err != nil {
					return err
				}
			}
		}
		return tx.Audit(ctx, s.record(a, "provider.details", "provider", providerID,
			map[string]string{"email": before.Email, "phone": before.Phone, "iban": string(before.IBAN)},
			map[string]string{"email": email, "phone": phone, "iban": string(iban)}))
	})
}

// uniqueNonEmpty lists the distinct non-empty addresses, in order.
func uniqueNonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, s) }) {
			out = append(out, s)
		}
	}
	return out
}
