package service

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

func freeAmountOf(ctx context.Context, tx *store.Tx, g domain.Grant) (*FreeAmountView, error) {
	claims, err := tx.FreeAmountClaims(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	v := &FreeAmountView{Amount: domain.GrantFreeAmount(g), Claims: claims}
	for _, c := range claims {
		v.Claimed += c.Amount
	}
	if v.Left = v.Amount - v.Claimed; v.Left < 0 {
		v.Left = 0 // lowered below what was claimed: the rest is settled at the end of the year
	}
	return v, nil
}

// ClaimFreeAmount: the budget holder (or representative) claims (part of)
// the grant's free amount. No checks beyond the amount itself: it is
// reserved on the grant at once and paid to the budget holder's IBAN in
// the next payment run.
func (s *Service) ClaimFreeAmount(ctx context.Context, a Actor, grantID int64, amount string) (store.FreeAmountClaim, error) {
	var c store.FreeAmountClaim
	if !a.Is(domain.RoleBudgetHolder) && !a.Is(domain.RoleRepresentative) {
		return c, domain.Forbidden("not_allowed")
	}
	cents, err := domain.ParseCents(strings.TrimSpace(amount))
	if err != nil || cents <= 0 {
		return c, domain.Invalid("amount", "amount_invalid")
	}
	err = s.db.Update(ctx, func(tx *store.Tx) error {
		g, err := tx.Grant(ctx, grantID)
		if err != nil {
			return err
		}
		if err := s.visibleBudgetHolder(ctx, tx, a, g.BudgetHolderID); err != nil {
			return domain.NotFound("grant")
		}
		if !g.FreeAmount {
			return domain.Conflict("no_free_amount")
		}
		if err := tx.LockGrant(ctx, g.ID); err != nil {
			return err
		}
		free, err := freeAmountOf(ctx, tx, g)
		if err != nil {
			return err
		}
		if cents > free.Left {
			return domain.Invalid("amount", "free_amount_above_left", free.Left)
		}
		bh, err := tx.BudgetHolder(ctx, g.BudgetHolderID)
		if err != nil {
			return err
		}
		if bh.IBAN == "" {
			return domain.Invalid("amount", "holder_iban_missing")
		}
		c = store.FreeAmountClaim{GrantID: g.ID, BudgetHolderID: g.BudgetHolderID, Amount: cents, State: domain.DeclAccepted, ClaimedBy: a.AccountID, CreatedAt: s.now()}
		if c.ID, err = tx.AddFreeAmountClaim(ctx, c); err != nil {
			return err
		}
		p, err := ledger.New(ledger.Reserved, cents)
		if err != nil {
			return err
		}
		if err := tx.Post(ctx, g.ID, p, s.Today(), store.Ref{Type: "free_amount", ID: c.ID}, s.now()); err != nil {
			if e, ok := domain.AsCode(err, "insufficient_budget"); ok {
				return domain.Invalid("amount", "free_amount_budget", e.Args...)
			}
			return err
		}
		return tx.Audit(ctx, s.record(a, "free_amount.claim", "grant", g.ID, nil, map[string]any{"claim_id": c.ID, "amount_cents": cents}))
	})
	return c, err
}
