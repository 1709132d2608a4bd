package service

import (
	"context"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// SessionInfo is one of the account's active sessions as its owner sees it:
// a short reference (never the token or its full hash) and when it was used.
type SessionInfo struct {
	Ref        string    `json:"ref"`
	Current    bool      `json:"current"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// sessionRef names a session by the start of its token's hash.
func sessionRef(hash string) string { return hash[:16] }

// MySessions lists the account's active sessions; current is the hash of
// the session asking.
func (s *Service) MySessions(ctx context.Context, a Actor, current string) ([]SessionInfo, error) {
	var out []SessionInfo
	err := s.db.View(ctx, func(tx *store.Tx) error {
		list, err := tx.SessionsOf(ctx, a.AccountID, s.now())
		for _, x := range list {
			out = append(out, SessionInfo{Ref: sessionRef(x.TokenHash), Current: x.TokenHash == current, CreatedAt: x.CreatedAt, LastSeenAt: x.LastSeenAt, ExpiresAt: x.ExpiresAt})
		}
		return err
	})
	return out, err
}

// EndSession ends one of the account's own sessions (another device, a
// forgotten login), named by its reference.
func (s *Service) EndSession(ctx context.Context, a Actor, ref string) error {
	ref = strings.TrimSpace(ref)
	if len(ref) != 16 {
		return domain.NotFound("session")
	}
	return s.db.Update(ctx, func(tx *store.Tx) error {
		list, err := tx.SessionsOf(ctx, a.AccountID, s.now())
		if err != nil {
			return err
		}
		for _, x := range list {
			if sessionRef(x.TokenHash) == ref {
				if err := tx.DeleteSession(ctx, x.TokenHash); err != nil {
					return err
				}
				return tx.Audit(ctx, s.record(a, "session.end", "account", a.AccountID, nil, map[string]any{"session": ref}))
			}
		}
		return domain.NotFound("session")
	})
}
