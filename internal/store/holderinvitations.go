package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// HolderInvitation invites a budget holder to make an account.
type HolderInvitation struct {
	ID             int64
	TokenHash      string
	Email          string
	BudgetHolderID int64
	CreatedBy      int64
	CreatedAt      time.Time
	ExpiresAt      time.Time
	AcceptedAt     time.Time
}

// CreateHolderInvitation stores an invitation.
func (t *Tx) CreateHolderInvitation(ctx context.Context, in HolderInvitation) (int64, error) {
	return t.insert(ctx, `INSERT INTO holder_invitations (token_hash, email, budget_holder_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		in.TokenHash, in.Email, in.BudgetHolderID, in.CreatedBy, in.CreatedAt.UTC(), in.ExpiresAt.UTC())
}

// HolderInvitationByToken loads (and locks) an invitation by its token's hash.
func (t *Tx) HolderInvitationByToken(ctx context.Context, hash string) (HolderInvitation, error) {
	var in HolderInvitation
	var acc sql.NullTime
	err := t.queryRow(ctx, `SELECT id, token_hash, email, budget_holder_id, created_by, created_at, expires_at, accepted_at FROM holder_invitations
		WHERE token_hash = ? `+t.db.d.ForUpdate, hash).Scan(&in.ID, &in.TokenHash, &in.Email, &in.BudgetHolderID, &in.CreatedBy, &in.CreatedAt, &in.ExpiresAt, &acc)
	in.AcceptedAt = acc.Time
	return in, notFound(err, "invitation")
}

// AcceptHolderInvitation marks it used, once.
func (t *Tx) AcceptHolderInvitation(ctx context.Context, id int64, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE holder_invitations SET accepted_at = ? WHERE id = ? AND accepted_at IS NULL`, at.UTC(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("invitation_used")
	}
	return nil
}

// HolderHasAccount reports whether some account has the budget holder role
// for this budget holder.
func (t *Tx) HolderHasAccount(ctx context.Context, bhID int64) (bool, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM account_roles WHERE role = ? AND budget_holder_id = ?`, string(domain.RoleBudgetHolder), bhID).Scan(&n)
	return n > 0, err
}
