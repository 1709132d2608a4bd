package service

import (
	"context"
	"crypto/rand"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// PasswordResetTTL is how long a reset link works.
const PasswordResetTTL = time.Hour

// RecoveryCodeCount is how many one-time recovery codes an account gets.
const RecoveryCodeCount = 10

// RequestPasswordReset mails a one-time reset link to the address when it
// belongs to an active account. The answer is the same either way, so the
// page does not tell who has an account; requests are throttled per address
// and per client.
func (s *Service) RequestPasswordReset(ctx context.Context, email, ip string) error {
	now := s.now()
	addr, err := domain.ParseEmail(email)
	if err != nil {
		var v domain.Validation
		v.AddErr("email", err)
		return v.Err()
	}
	// Every request counts: five an address, and five a client network,
	// per quarter of an hour.
	if _, err := s.attempt(ctx, ip, throttleKey{resetLimit, addr}, networkKey(resetLimit, ip)); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.AccountByEmail(ctx, addr)
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && acc.Disabled) {
			return nil // the same answer for an unknown address
		} else if err != nil {
			return err
		}
		token, hash := auth.NewToken("")
		if err := tx.CreatePasswordReset(ctx, store.PasswordReset{TokenHash: hash, AccountID: acc.ID, ExpiresAt: now.Add(PasswordResetTTL)}, now); err != nil {
			return err
		}
		lang := acc.Lang
		if lang == "" {
			lang = "nl"
		}
		link := strings.TrimRight(s.publicURL, "/") + "/wachtwoord-herstellen/" + token
		if err := tx.QueueMail(ctx, store.Mail{To: acc.Email, CreatedAt: now, Subject: i18n.T(lang, "reset.mail_subject"),
			Body: i18n.T(lang, "reset.mail_body", acc.Name, link, int(PasswordResetTTL.Minutes()))}); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID}, "account.reset_requested", "account", acc.ID, nil, map[string]any{"ip": ip}))
	})
}

// ResetPasswordWithLink sets a new password with a reset link's token: once,
// within the hour. Every session and API token of the account ends; a
// second factor is still asked at the next login. The new password is
// judged and hashed before the write.
func (s *Service) ResetPasswordWithLink(ctx context.Context, token, password string) error {
	hashTok := auth.HashToken(strings.TrimSpace(token))
	var acc domain.Account
	if err := s.db.View(ctx, func(tx *store.Tx) error {
		r, err := tx.PeekPasswordReset(ctx, hashTok)
		if err != nil {
			return domain.NotFound("password_reset")
		}
		if err := s.linkUsable(r.UsedAt, r.ExpiresAt, "reset_used", "reset_expired"); err != nil {
			return err
		}
		acc, err = tx.Account(ctx, r.AccountID)
		return err
	}); err != nil {
		return err
	}
	if code := auth.ValidatePassword(password, acc.Email, acc.Name); code != "" {
		return domain.Invalid("new_password", code, auth.MinPasswordLength)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		r, err := tx.PasswordReset(ctx, hashTok)
		if err != nil {
			return domain.NotFound("password_reset")
		}
		if err := s.linkUsable(r.UsedAt, r.ExpiresAt, "reset_used", "reset_expired"); err != nil {
			return err
		}
		acc, err := tx.Account(ctx, r.AccountID)
		if err != nil {
			return err
		}
		acc.PasswordHash, acc.PasswordChangedAt = hash, now
		if err := tx.UpdateAccount(ctx, acc); err != nil {
			return err
		}
		if err := tx.UsePasswordReset(ctx, r.TokenHash, now); err != nil {
			return err
		}
		if err := s.endCredentials(ctx, tx, acc.ID, "", now); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID}, "account.password_reset_by_link", "account", acc.ID, nil, nil))
	})
}

// NewRecoveryCodes makes ten one-time codes for an account with a second
// factor (the old ones stop working) and returns them to show once.
func (s *Service) NewRecoveryCodes(ctx context.Context, a Actor) ([]string, error) {
	var codes []string
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		acc, err := tx.Account(ctx, a.AccountID)
		if err != nil {
			return err
		}
		if !acc.TOTPEnabled {
			return domain.Conflict("totp_off")
		}
		codes = codes[:0]
		var hashes []string
		for range RecoveryCodeCount {
			c := strings.ToLower(rand.Text()[:8])
			c = c[:4] + "-" + c[4:]
			codes = append(codes, c)
			hashes = append(hashes, auth.HashToken(c))
		}
		if err := tx.ReplaceRecoveryCodes(ctx, acc.ID, hashes, s.now()); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "account.recovery_codes", "account", acc.ID, nil, map[string]any{"count": len(codes)}))
	})
	return codes, err
}

// RecoveryCodesLeft counts the account's unused recovery codes.
func (s *Service) RecoveryCodesLeft(ctx context.Context, a Actor) (int, error) {
	var n int
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.RecoveryCodesLeft(ctx, a.AccountID)
		return err
	})
	return n, err
}

// isRecoveryCode tells a recovery code ("abcd-efgh") from a TOTP code.
func isRecoveryCode(code string) bool {
	code = strings.TrimSpace(code)
	return len(code) == 9 && code[4] == '-'
}
