package store

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
)

// CreateGrant inserts a grant with its first revision (g.Revisions[0]) and an
// empty balance; it returns the grant's id. Postings are the caller's.
func (t *Tx) CreateGrant(ctx context.Context, g domain.Grant, by int64) (int64, error) {
	id, err := t.insert(ctx, `INSERT INTO grants (budget_holder_id, verstrekker_id, law, reference, period_start, period_end, decided_on, own_contribution_cents, free_amount, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		g.BudgetHolderID, g.VerstrekkerID, string(g.Law), g.Reference, g.Period.Start, g.Period.End, g.DecidedOn, int64(g.OwnContribution), g.FreeAmount, by, g.CreatedAt.UTC())
	if err != nil {
		return 0, err
	}
	if _, err := t.exec(ctx, `INSERT INTO grant_balances (grant_id) VALUES (?)`, id); err != nil {
		return 0, err
	}
	if len(g.Revisions) > 0 {
		if err := t.AddRevision(ctx, id, g.Revisions[0], g.Total(), by, g.CreatedAt); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// AddRevision stores a revision of a grant with its lines and the grant's
// new total.
func (t *Tx) AddRevision(ctx context.Context, grantID int64, r domain.GrantRevision, total domain.Cents, by int64, at time.Time) error {
	rid, err := t.insert(ctx, `INSERT INTO grant_revisions (grant_id, effective_from, reason, total_cents, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		grantID, r.EffectiveFrom, r.Reason, int64(total), by, at.UTC())
	if err != nil {
		return err
	}
	for _, l := range r.Lines {
		if _, err := t.exec(ctx, `INSERT INTO grant_lines (revision_id, care_function, yearly_cents) VALUES (?, ?, ?)`, rid, l.CareFunction, int64(l.Yearly)); err != nil {
			return err
		}
	}
	return nil
}

// LockGrant takes the grant's row lock until the transaction ends (on
// PostgreSQL; SQLite has one writer), so that revisions of one grant queue.
func (t *Tx) LockGrant(ctx context.Context, id int64) error {
	var got int64
	err := t.queryRow(ctx, `SELECT id FROM grants WHERE id = ? `+t.db.d.ForUpdate, id).Scan(&got)
	return notFound(err, "grant")
}

const grantCols = `id, budget_holder_id, verstrekker_id, law, reference, period_start, period_end, decided_on, own_contribution_cents, created_at, free_amount`

func scanGrant(s interface{ Scan(...any) error }) (domain.Grant, error) {
	var g domain.Grant
	var law string
	var own int64
	err := s.Scan(&g.ID, &g.BudgetHolderID, &g.VerstrekkerID, &law, &g.Reference, &g.Period.Start, &g.Period.End, &g.DecidedOn, &own, &g.CreatedAt, &g.FreeAmount)
	g.Law, g.OwnContribution = domain.Law(law), domain.Cents(own)
	return g, err
}

// grantBalanceQuery loads a grant without its revisions, with its balance,
// and takes the row locks of both (PostgreSQL; SQLite has one writer) until
// the transaction ends: what the checks of a declaration need before it
// reserves, on a balance no one else can change meanwhile (PostLocked).
// Without locked it only reads them (the checks at entry reserve nothing).
func (t *Tx) grantBalanceQuery(id int64, g *domain.Grant, b *ledger.Balance, locked bool) BatchQuery {
	lock := ""
	if t.db.d.ForUpdate != "" && locked {
		lock = t.db.d.ForUpdate + " OF g, b"
	}
	return BatchQuery{SQL: `SELECT g.id, g.budget_holder_id, g.verstrekker_id, g.law, g.reference, g.period_start, g.period_end, g.decided_on,
		g.own_contribution_cents, g.created_at, g.free_amount, b.granted_cents, b.reserved_cents, b.paid_cents
		FROM grants g JOIN grant_balances b ON b.grant_id = g.id WHERE g.id = ? ` + lock, Args: []any{id}, Scan: one(func(rows Rows) error {
		var law string
		var own, granted, reserved, paid int64
		err := rows.Scan(&g.ID, &g.BudgetHolderID, &g.VerstrekkerID, &law, &g.Reference, &g.Period.Start, &g.Period.End, &g.DecidedOn, &own, &g.CreatedAt, &g.FreeAmount,
			&granted, &reserved, &paid)
		g.Law, g.OwnContribution = domain.Law(law), domain.Cents(own)
		*b = ledger.Balance{Granted: domain.Cents(granted), Reserved: domain.Cents(reserved), Paid: domain.Cents(paid)}
		return err
	})}
}

// Grant loads a grant with all its revisions and lines.
func (t *Tx) Grant(ctx context.Context, id int64) (domain.Grant, error) {
	g, err := scanGrant(t.queryRow(ctx, `SELECT `+grantCols+` FROM grants WHERE id = ?`, id))
	if err != nil {
		return g, notFound(err, "grant")
	}
	gs := []domain.Grant{g}
	if err := t.loadRevisions(ctx, gs); err != nil {
		return g, err
	}
	return gs[0], nil
}

// GrantsOf lists a budget holder's grants (newest period first), with
// revisions. verstrekkerID > 0 limits them to that verstrekker's.
func (t *Tx) GrantsOf(ctx context.Context, budgetHolderID, verstrekkerID int64) ([]domain.Grant, error) {
	q := `SELECT ` + grantCols + ` FROM grants WHERE budget_holder_id = ?`
	args := []any{budgetHolderID}
	if verstrekkerID > 0 {
		q += ` AND verstrekker_id = ?`
		args = append(args, verstrekkerID)
	}
	rows, err := t.query(ctx, q+` ORDER BY period_start DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	var gs []domain.Grant
	for rows.Next() {
		g, err := scanGrant(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		gs = append(gs, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return gs, t.loadRevisions(ctx, gs)
}

// loadRevisions fills each grant's revisions and lines, two queries per grant.
func (t *Tx) loadRevisions(ctx context.Context, gs []domain.Grant) error {
	for i := range gs {
		rows, err := t.query(ctx, `SELECT r.id, r.effective_from, r.reason, l.care_function, l.yearly_cents
			FROM grant_revisions r JOIN grant_lines l ON l.revision_id = r.id
			WHERE r.grant_id = ? ORDER BY r.effective_from, r.id, l.id`, gs[i].ID)
		if err != nil {
			return err
		}
		var revs []domain.GrantRevision
		lastID := int64(-1)
		for rows.Next() {
			var rid, yearly int64
			var r domain.GrantRevision
			var line domain.GrantLine
			if err := rows.Scan(&rid, &r.EffectiveFrom, &r.Reason, &line.CareFunction, &yearly); err != nil {
				rows.Close()
				return err
			}
			line.Yearly = domain.Cents(yearly)
			if rid != lastID {
				revs = append(revs, r)
				lastID = rid
			}
			revs[len(revs)-1].Lines = append(revs[len(revs)-1].Lines, line)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		gs[i].Revisions = revs
	}
	return nil
}
