package store

import (
	"context"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// edges: facts for the checks at the edges of time and place, read in the
// same round trip as the others (LoadCheckContext): whether the grant's
// settlement is made, and, only for a declaration with respite care at
// approval (its signal is judged then), the nights other providers declared
// respite care for the same budget holder.
func edgesQueries(r DeclarationRow, in *domain.CheckInput, approval bool) []BatchQuery {
	qs := []BatchQuery{{SQL: `SELECT COUNT(*) FROM settlements WHERE grant_id = ?`, Args: []any{r.GrantID},
		Scan: one(func(rows Rows) error {
			var n int
			err := rows.Scan(&n)
			in.GrantSettled = n > 0
			return err
		})}}
	in.RespiteNightsElsewhere = map[domain.Date]bool{}
	var from, to domain.Date
	for _, l := range r.D.Lines {
		if l.CareType != domain.RespiteCareType {
			continue
		}
		if from.IsZero() || l.Date.Before(from) {
			from = l.Date
		}
		if l.Date.After(to) {
			to = l.Date
		}
	}
	if from.IsZero() || !approval {
		return qs
	}
	return append(qs, BatchQuery{SQL: `SELECT DISTINCT day FROM declaration_lines WHERE budget_holder_id = ? AND care_type = ? AND unit = ? AND counts = ?
		AND day BETWEEN ? AND ? AND provider_id <> ? AND declaration_id <> ?`,
		Args: []any{r.BudgetHolderID, domain.RespiteCareType, string(domain.UnitEtmaal), true, from, to, r.ProviderID, r.ID},
		Scan: func(rows Rows) error {
			for rows.Next() {
				var day domain.Date
				if err := rows.Scan(&day); err != nil {
					return err
				}
				in.RespiteNightsElsewhere[day] = true
			}
			return nil
		}})
}

// DeclarationsAfter lists the declarations on an agreement, on their way or
// accepted (or paid), that have a day after end or a period starting after
// it: what the verstrekker looks at when an agreement ends in the past.
func (t *Tx) DeclarationsAfter(ctx context.Context, agreementID int64, end domain.Date) ([]int64, error) {
	rows, err := t.query(ctx, `SELECT d.id FROM declarations d WHERE d.agreement_id = ? AND d.state IN (?, ?, ?, ?)
		AND (d.period_start > ? OR EXISTS (SELECT 1 FROM declaration_lines l WHERE l.declaration_id = d.id AND l.day > ?)) ORDER BY d.id`,
		agreementID, string(domain.DeclAtHolder), string(domain.DeclAccepted), string(domain.DeclHeld), string(domain.DeclPaid), end, end)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// DeclarationsRefusedLate lists declarations refused for a deadline
// (late_to_holder, late_to_funder) that nobody has changed since: the
// verstrekker may allow them, from its work list.
func DeclarationsRefusedLate(f WorkFilter, limit int, out *[]WorkRow) WorkQuery {
	// The state and the finding are written out, not bound: both databases
	// then read the few such rows from the partial index
	// declarations_refused_late (0033), also in a prepared statement's
	// generic plan; bound, PostgreSQL scanned all two million.
	cond, args := f.where("d.budget_holder_id", "d.provider_id", "d.verstrekker_id")
	args = append(args, limit)
	return workQuery(`SELECT d.id, d.period_start, d.total_cents, p.name, b.initials, b.prefix, b.family_name
		FROM declarations d JOIN providers p ON p.id = d.provider_id JOIN budget_holders b ON b.id = d.budget_holder_id
		WHERE 1 = 1`+cond+` AND d.state = 'geweigerd' AND d.findings_json LIKE '%"code":"late_to_%' ORDER BY d.id LIMIT ?`, args, out)
}
