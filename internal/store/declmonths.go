package store

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// DeclaredMonths returns the months (their 1st days) for which an agreement
// has a declaration of kind that counts as the month's one declaration:
// with the budget holder, accepted, held or paid (as the check
// second_declaration_month counts them); a concept or a refused one leaves
// the month open. With anyState every declaration counts: the work list
// does not ask for a month the provider has started (a concept) or must
// correct (refused: its own item).
func (t *Tx) DeclaredMonths(ctx context.Context, agreementID int64, kind domain.DeclarationKind, anyState bool) (map[domain.Date]bool, error) {
	q := `SELECT DISTINCT period_start FROM declarations WHERE agreement_id = ? AND kind = ? AND state IN (?, ?, ?, ?)`
	args := []any{agreementID, string(kind), string(domain.DeclAtHolder), string(domain.DeclAccepted), string(domain.DeclHeld), string(domain.DeclPaid)}
	if anyState {
		q, args = `SELECT DISTINCT period_start FROM declarations WHERE agreement_id = ? AND kind = ?`, args[:2]
	}
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.Date]bool{}
	for rows.Next() {
		var d domain.Date
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out[d] = true
	}
	return out, rows.Err()
}
