package service

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/audit"
	"github.com/pgbportaal/pgbportaal/internal/datakey"
	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// RotateDataKey seals every BSN and TOTP secret again under next, and
// rewrites the BSN hashes, in one transaction with its audit record (the
// keys' ids and how many rows, never a key). The command line only: every
// server must be stopped first and started again with next.
func (s *Service) RotateDataKey(ctx context.Context, a Actor, next *datakey.Key) error {
	if !a.isSystem() {
		return domain.Forbidden("system_only")
	}
	prev := s.db.DataKeyID()
	return s.db.RotateDataKey(ctx, next, func(holders, accounts int) audit.Record {
		return s.record(a, "data_key.rotate", "data_key", 1, map[string]any{"key_id": prev},
			map[string]any{"key_id": next.ID(), "budget_holders": holders, "accounts": accounts})
	})
}
