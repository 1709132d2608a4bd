package store

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
)

// Ref names what caused a posting (a grant revision, a declaration, ...).
type Ref struct {
	Type string
	ID   int64
}

// Post applies a posting to a grant's balance and records it, inside the
// transaction. The balance row is changed by one conditional UPDATE, so the
// database itself decides, under its row lock, whether the invariant
// paid + reserved <= granted still holds; two servers posting at the same
// instant cannot both pass. A refused posting returns the ledger's conflict
// (e.g. insufficient_budget) and writes nothing.
func (t *Tx) Post(ctx context.Context, grantID int64, p ledger.Posting, booking domain.Date, ref Ref, at time.Time) error {
	q, args := postQuery(grantID, p)
	changed, err := t.execChanged(ctx, q, args...)
	if err != nil {
		return err
	}
	if !changed {
		b, err := t.Balance(ctx, grantID)
		if err != nil {
			return err
		}
		if _, err := ledger.Apply(b, p); err != nil {
			return err
		}
		return domain.Conflict("ledger_invariant", string(p.Kind))
	}
	return t.addPosting(ctx, grantID, p, booking, ref, at)
}

// PostLocked posts p on a grant whose balance b this transaction read under
// the row lock (LoadCheckContext): the ledger decides here, on b, and the
// same conditional UPDATE as Post's changes the row. Should the row not
// match after all, it returns ErrNotOneRow. It returns the balance after p.
func (t *Tx) PostLocked(ctx context.Context, grantID int64, b ledger.Balance, p ledger.Posting, booking domain.Date, ref Ref, at time.Time) (ledger.Balance, error) {
	after, err := ledger.Apply(b, p)
	if err != nil {
		return b, err
	}
	q, args := postQuery(grantID, p)
	if err := t.laterOne(ctx, q, args...); err != nil { // the ledger decided on b, under the lock
		return b, err
	}
	return after, t.addPosting(ctx, grantID, p, booking, ref, at)
}

// postQuery changes a grant's balance by p, on the condition that the
// ledger's invariants still hold afterwards.
func postQuery(grantID int64, p ledger.Posting) (string, []any) {
	dg, dr, dp := p.Delta()
	return `UPDATE grant_balances
		SET granted_cents = granted_cents + ?, reserved_cents = reserved_cents + ?, paid_cents = paid_cents + ?
		WHERE grant_id = ? AND reserved_cents + ? >= 0 AND paid_cents + ? >= 0
		  AND paid_cents + ? + reserved_cents + ? <= granted_cents + ?`,
		[]any{int64(dg), int64(dr), int64(dp), grantID, int64(dr), int64(dp), int64(dp), int64(dr), int64(dg)}
}

// addPosting records the posting.
func (t *Tx) addPosting(ctx context.Context, grantID int64, p ledger.Posting, booking domain.Date, ref Ref, at time.Time) error {
	return t.later(ctx, `INSERT INTO postings (grant_id, kind, from_account, to_account, amount_cents, booking_date, ref_type, ref_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		grantID, string(p.Kind), string(p.From), string(p.To), int64(p.Amount), booking, ref.Type, ref.ID, at.UTC())
}

// Balance reads a grant's balance projection.
func (t *Tx) Balance(ctx context.Context, grantID int64) (ledger.Balance, error) {
	var g, r, p int64
	err := t.queryRow(ctx, `SELECT granted_cents, reserved_cents, paid_cents FROM grant_balances WHERE grant_id = ?`, grantID).Scan(&g, &r, &p)
	return ledger.Balance{Granted: domain.Cents(g), Reserved: domain.Cents(r), Paid: domain.Cents(p)}, notFound(err, "grant")
}

// PostingRow is a stored posting.
type PostingRow struct {
	ID      int64
	GrantID int64
	ledger.Posting
	Booking   domain.Date
	Ref       Ref
	CreatedAt time.Time
}

// Postings lists a grant's postings in order.
func (t *Tx) Postings(ctx context.Context, grantID int64) ([]PostingRow, error) {
	rows, err := t.query(ctx, `SELECT id, grant_id, kind, from_account, to_account, amount_cents, booking_date, ref_type, ref_id, created_at
		FROM postings WHERE grant_id = ? ORDER BY id`, grantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PostingRow
	for rows.Next() {
		var p PostingRow
		var kind, from, to string
		var amt int64
		if err := rows.Scan(&p.ID, &p.GrantID, &kind, &from, &to, &amt, &p.Booking, &p.Ref.Type, &p.Ref.ID, &p.CreatedAt); err != nil {
			return nil, err
		}
		p.Kind, p.From, p.To, p.Amount = ledger.Kind(kind), ledger.Account(from), ledger.Account(to), domain.Cents(amt)
		out = append(out, p)
	}
	return out, rows.Err()
}
