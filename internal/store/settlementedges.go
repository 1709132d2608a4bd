package store

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// edges: the declarations named on a settlement as still open when it was made.

// OpenDeclaration is a declaration of a grant that was not accepted when the
// grant's settlement was made.
type OpenDeclaration struct {
	DeclarationID int64                   `json:"declaration_id"`
	State         domain.DeclarationState `json:"state"`
	PeriodStart   domain.Date             `json:"period_start"`
	Total         domain.Cents            `json:"total_cents"`
}

// NameOpenDeclarations records, for a grant being settled, its declarations
// that are not accepted or paid, and returns them.
func (t *Tx) NameOpenDeclarations(ctx context.Context, grantID int64) ([]OpenDeclaration, error) {
	rows, err := t.query(ctx, `SELECT id, state, period_start, total_cents FROM declarations WHERE grant_id = ? AND state NOT IN (?, ?) ORDER BY id`,
		grantID, string(domain.DeclAccepted), string(domain.DeclPaid))
	if err != nil {
		return nil, err
	}
	var out []OpenDeclaration
	for rows.Next() {
		var o OpenDeclaration
		var state string
		var total int64
		if err := rows.Scan(&o.DeclarationID, &state, &o.PeriodStart, &total); err != nil {
			rows.Close()
			return nil, err
		}
		o.State, o.Total = domain.DeclarationState(state), domain.Cents(total)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, o := range out {
		if _, err := t.exec(ctx, `INSERT INTO settlement_open_declarations (grant_id, declaration_id, state, period_start, total_cents) VALUES (?, ?, ?, ?, ?)`,
			grantID, o.DeclarationID, string(o.State), o.PeriodStart, int64(o.Total)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OpenDeclarations are the declarations named on a grant's settlement.
func (t *Tx) OpenDeclarations(ctx context.Context, grantID int64) ([]OpenDeclaration, error) {
	rows, err := t.query(ctx, `SELECT declaration_id, state, period_start, total_cents FROM settlement_open_declarations WHERE grant_id = ? ORDER BY declaration_id`, grantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OpenDeclaration
	for rows.Next() {
		var o OpenDeclaration
		var state string
		var total int64
		if err := rows.Scan(&o.DeclarationID, &state, &o.PeriodStart, &total); err != nil {
			return nil, err
		}
		o.State, o.Total = domain.DeclarationState(state), domain.Cents(total)
		out = append(out, o)
	}
	return out, rows.Err()
}

// ReplaceFirstRevision replaces a grant's revision from its first day
// (edges: a revision from the first day replaces the amount for the whole
// period; the audit record keeps what it was).
func (t *Tx) ReplaceFirstRevision(ctx context.Context, grantID int64, r domain.GrantRevision, total domain.Cents, by int64, at time.Time) error {
	var rid int64
	if err := t.queryRow(ctx, `SELECT id FROM grant_revisions WHERE grant_id = ? AND effective_from = ?`, grantID, r.EffectiveFrom).Scan(&rid); err != nil {
		return notFound(err, "grant")
	}
	if _, err := t.exec(ctx, `UPDATE grant_revisions SET reason = ?, total_cents = ?, created_by = ?, created_at = ? WHERE id = ?`,
		r.Reason, int64(total), by, at.UTC(), rid); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `DELETE FROM grant_lines WHERE revision_id = ?`, rid); err != nil {
		return err
	}
	for _, l := range r.Lines {
		if _, err := t.exec(ctx, `INSERT INTO grant_lines (revision_id, care_function, yearly_cents) VALUES (?, ?, ?)`, rid, l.CareFunction, int64(l.Yearly)); err != nil {
			return err
		}
	}
	return nil
}
