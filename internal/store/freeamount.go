package store

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// FreeAmountClaim is a claim of (part of) a grant's free amount, paid to
// the budget holder's own IBAN in the next payment run.
type FreeAmountClaim struct {
	ID             int64                   `json:"id"`
	GrantID        int64                   `json:"grant_id"`
	BudgetHolderID int64                   `json:"budget_holder_id"`
	Amount         domain.Cents            `json:"amount_cents"`
	State          domain.DeclarationState `json:"state"` // geaccepteerd (reserved), betaald
	Reason         string                  `json:"reason,omitempty"`
	ClaimedBy      int64                   `json:"-"`
	CreatedAt      time.Time               `json:"created_at"`
}

// AddFreeAmountClaim stores an accepted claim.
func (t *Tx) AddFreeAmountClaim(ctx context.Context, c FreeAmountClaim) (int64, error) {
	return t.insert(ctx, `INSERT INTO free_amount_claims (grant_id, budget_holder_id, amount_cents, state, claimed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		c.GrantID, c.BudgetHolderID, int64(c.Amount), string(c.State), c.ClaimedBy, c.CreatedAt.UTC(), c.CreatedAt.UTC())
}

// FreeAmountClaims lists a grant's claims, newest first.
func (t *Tx) FreeAmountClaims(ctx context.Context, grantID int64) ([]FreeAmountClaim, error) {
	rows, err := t.query(ctx, `SELECT id, grant_id, budget_holder_id, amount_cents, state, reason, claimed_by, created_at
		FROM free_amount_claims WHERE grant_id = ? ORDER BY id DESC`, grantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FreeAmountClaim
	for rows.Next() {
		var c FreeAmountClaim
		var amount int64
		var state string
		if err := rows.Scan(&c.ID, &c.GrantID, &c.BudgetHolderID, &amount, &state, &c.Reason, &c.ClaimedBy, &c.CreatedAt); err != nil {
			return nil, err
		}
		c.Amount, c.State = domain.Cents(amount), domain.DeclarationState(state)
		out = append(out, c)
	}
	return out, rows.Err()
}
