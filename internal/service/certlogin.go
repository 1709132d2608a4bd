package service

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/auth"
	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// RecordClientCert registers an issued client certificate (pgb cert issue).
func (s *Service) RecordClientCert(ctx context.Context, a Actor, c store.ClientCert) error {
	if !a.isSystem() {
		return domain.Forbidden("not_allowed")
	}
	c.IssuedAt = s.now()
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.AddClientCert(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "certificate.issue", "certificate", 0, nil, map[string]any{"serial": c.Serial, "agb": c.AGB, "not_after": c.NotAfter}))
	})
}

// RevokeClientCert revokes one (pgb cert revoke): it logs in no more, and
// the sessions opened with it end.
func (s *Service) RevokeClientCert(ctx context.Context, a Actor, serial string) error {
	if !a.isSystem() {
		return domain.Forbidden("not_allowed")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeClientCert(ctx, serial, s.now()); err != nil {
			return err
		}
		ended, err := tx.DeleteSessionsOfCert(ctx, serial)
		if err != nil {
			return err
		}
		return tx.Audit(ctx, s.record(a, "certificate.revoke", "certificate", 0, nil, map[string]any{"serial": serial, "sessions_ended": ended}))
	})
}

// ClientCerts lists the issued certificates (pgb cert list).
func (s *Service) ClientCerts(ctx context.Context, a Actor) ([]store.ClientCert, error) {
	if !a.isSystem() {
		return nil, domain.Forbidden("not_allowed")
	}
	var out []store.ClientCert
	err := s.db.View(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.ClientCerts(ctx, 1000)
		return err
	})
	return out, err
}

// LoginByCertificate logs a provider in by the client certificate the TLS
// handshake verified (chain and validity): it must be one the portal
// issued, not revoked, within its validity, for the AGB code it names; the
// provider's account is logged in without a password, the certificate
// counting as the strong factor.
func (s *Service) LoginByCertificate(ctx context.Context, serial, agb string, notAfter time.Time) (LoginResult, error) {
	var res LoginResult
	now := s.now()
	err := s.db.Update(ctx, func(tx *store.Tx) error {
		c, err := tx.ClientCert(ctx, serial)
		switch {
		case err != nil:
			return domain.Unauthenticated("certificate_unknown")
		case !c.RevokedAt.IsZero():
			return domain.Unauthenticated("certificate_revoked")
		case c.AGB != agb:
			return domain.Unauthenticated("certificate_unknown")
		case now.Before(c.NotBefore) || now.After(c.NotAfter) || now.After(notAfter):
			return domain.Unauthenticated("certificate_expired")
		}
		accountID, roleID, err := tx.ProviderAccount(ctx, agb)
		if err != nil {
			return domain.Unauthenticated("certificate_no_account")
		}
		acc, err := tx.Account(ctx, accountID)
		if err != nil || acc.Disabled {
			return domain.Unauthenticated("certificate_no_account")
		}
		token, hash := auth.NewToken("")
		if err := tx.CreateSession(ctx, store.Session{TokenHash: hash, AccountID: acc.ID, RoleID: roleID, MFAOK: true,
			CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.SessionIdle), CertSerial: serial}); err != nil {
			return err
		}
		res = LoginResult{Token: token}
		return tx.Audit(ctx, s.record(Actor{AccountID: acc.ID}, "account.login_certificate", "account", acc.ID, nil, map[string]any{"serial": serial, "agb": agb}))
	})
	return res, err
}
