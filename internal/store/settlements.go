package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// SettlementRow is a stored settlement.
type SettlementRow struct {
	ID             int64                  `json:"id"`
	GrantID        int64                  `json:"grant_id"`
	BudgetHolderID int64                  `json:"budget_holder_id"`
	VerstrekkerID  int64                  `json:"verstrekker_id"`
	S              domain.Settlement      `json:"settlement"`
	State          domain.SettlementState `json:"state"`
	Reason         string                 `json:"reason,omitempty"`
	Version        int                    `json:"version"`              // 1, and one more for each correction
	Correction     string                 `json:"correction,omitempty"` // the reason of the correction that made this version
	CreatedAt      time.Time              `json:"created_at"`
	UpdatedAt      time.Time              `json:"updated_at"`
}

const settlementCols = `id, grant_id, budget_holder_id, verstrekker_id, granted_cents, paid_cents, reserved_cents, free_used_cents, free_allowed_cents,
	free_to_return_cents, left_cents, to_return_cents, state, reason, version, correction, created_at, updated_at`

func scanSettlement(s interface{ Scan(...any) error }) (SettlementRow, error) {
	var r SettlementRow
	var g, p, res, fu, fa, fr, l, tr int64
	var state string
	err := s.Scan(&r.ID, &r.GrantID, &r.BudgetHolderID, &r.VerstrekkerID, &g, &p, &res, &fu, &fa, &fr, &l, &tr, &state, &r.Reason, &r.Version, &r.Correction, &r.CreatedAt, &r.UpdatedAt)
	r.S = domain.Settlement{Granted: domain.Cents(g), Paid: domain.Cents(p), Reserved: domain.Cents(res), FreeUsed: domain.Cents(fu), FreeAllowed: domain.Cents(fa),
		FreeToReturn: domain.Cents(fr), Left: domain.Cents(l), ToReturn: domain.Cents(tr)}
	r.S.CareSpent = r.S.Paid + r.S.Reserved - r.S.FreeUsed
	r.State = domain.SettlementState(state)
	return r, err
}

// SettlementCandidate is what making a settlement needs of a grant.
type SettlementCandidate struct {
	Grant    domain.Grant
	Granted  domain.Cents
	Paid     domain.Cents
	Reserved domain.Cents
	FreeUsed domain.Cents
}

// SettlementCandidates streams the verstrekker's grants whose period ended
// on or before until and that have no settlement yet, with their balance
// and the free amount paid.
func (t *Tx) SettlementCandidates(ctx context.Context, verstrekkerID int64, until domain.Date, fn func(SettlementCandidate) error) error {
	rows, err := t.query(ctx, `SELECT g.id, g.budget_holder_id, g.free_amount, b.granted_cents, b.paid_cents, b.reserved_cents,
			COALESCE((SELECT SUM(c.amount_cents) FROM free_amount_claims c WHERE c.grant_id = g.id AND c.state = ?), 0)
		FROM grants g JOIN grant_balances b ON b.grant_id = g.id
		WHERE g.verstrekker_id = ? AND g.period_end <= ? AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.grant_id = g.id)
		ORDER BY g.id`, string(domain.DeclPaid), verstrekkerID, until)
	if err != nil {
		return err
	}
	type row struct {
		id, bh         int64
		free           bool
		g, p, r, fused int64
	}
	var list []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.id, &x.bh, &x.free, &x.g, &x.p, &x.r, &x.fused); err != nil {
			rows.Close()
			return err
		}
		list = append(list, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, x := range list {
		g := domain.Grant{ID: x.id, BudgetHolderID: x.bh, VerstrekkerID: verstrekkerID}
		if x.free { // only a grant with a free amount needs its revisions
			var err error
			if g, err = t.Grant(ctx, x.id); err != nil {
				return err
			}
		}
		if err := fn(SettlementCandidate{Grant: g, Granted: domain.Cents(x.g), Paid: domain.Cents(x.p), Reserved: domain.Cents(x.r), FreeUsed: domain.Cents(x.fused)}); err != nil {
			return err
		}
	}
	return nil
}

// AddSettlement stores a new settlement.
func (t *Tx) AddSettlement(ctx context.Context, r SettlementRow, by int64) error {
	s := r.S
	_, err := t.exec(ctx, `INSERT INTO settlements (grant_id, budget_holder_id, verstrekker_id, granted_cents, paid_cents, reserved_cents, free_used_cents,
		free_allowed_cents, free_to_return_cents, left_cents, to_return_cents, state, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.GrantID, r.BudgetHolderID, r.VerstrekkerID, int64(s.Granted), int64(s.Paid), int64(s.Reserved), int64(s.FreeUsed), int64(s.FreeAllowed),
		int64(s.FreeToReturn), int64(s.Left), int64(s.ToReturn), string(r.State), by, r.CreatedAt.UTC(), r.CreatedAt.UTC())
	return err
}

// Settlement loads one; lock takes its row lock.
func (t *Tx) Settlement(ctx context.Context, id int64, lock bool) (SettlementRow, error) {
	q := `SELECT ` + settlementCols + ` FROM settlements WHERE id = ?`
	if lock {
		q += " " + t.db.d.ForUpdate
	}
	r, err := scanSettlement(t.queryRow(ctx, q, id))
	return r, notFound(err, "settlement")
}

// SettlementOfGrant returns a grant's settlement, if made.
func (t *Tx) SettlementOfGrant(ctx context.Context, grantID int64) (SettlementRow, bool, error) {
	r, err := scanSettlement(t.queryRow(ctx, `SELECT `+settlementCols+` FROM settlements WHERE grant_id = ?`, grantID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// SetSettlementState changes the state if it is still from.
func (t *Tx) SetSettlementState(ctx context.Context, id int64, from []domain.SettlementState, to domain.SettlementState, reason string, at time.Time) error {
	q := `UPDATE settlements SET state = ?, reason = ?, updated_at = ? WHERE id = ? AND state IN (`
	args := []any{string(to), reason, at.UTC(), id}
	for i, f := range from {
		if i > 0 {
			q += ", "
		}
		q += "?"
		args = append(args, string(f))
	}
	res, err := t.exec(ctx, q+`)`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("settlement_transition")
	}
	return nil
}

// EachSettlement streams a verstrekker's settlements in id order.
func (db *DB) EachSettlement(ctx context.Context, verstrekkerID int64, fn func(SettlementRow) error) error {
	return db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT `+settlementCols+` FROM settlements WHERE verstrekker_id = ? ORDER BY id`, verstrekkerID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanSettlement(rows)
			if err != nil {
				return err
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return rows.Err()
	})
}
