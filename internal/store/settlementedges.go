package store

import (
	"context"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// edges: the declarations named on a settlement as still open when it was made.

// OpenDeclaration is a declaration of a grant that was not accepted when the
// grant's settlement was made (State), or one refused after it because the
// settlement was made.
type OpenDeclaration struct {
	DeclarationID int64                   `json:"declaration_id"`
	State         domain.DeclarationState `json:"state"`
	PeriodStart   domain.Date             `json:"period_start"`
	Total         domain.Cents            `json:"total_cents"`
	Provider      string                  `json:"provider"`
	StateNow      domain.DeclarationState `json:"state_now"` // the state it is in now
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

// OpenDeclarations are the declarations named on a grant's settlement, with
// their provider and the state each is in now.
func (t *Tx) OpenDeclarations(ctx context.Context, grantID int64) ([]OpenDeclaration, error) {
	return t.openDeclarations(ctx, `SELECT o.declaration_id, o.state, o.period_start, o.total_cents, d.state, p.name
		FROM settlement_open_declarations o JOIN declarations d ON d.id = o.declaration_id JOIN providers p ON p.id = d.provider_id
		WHERE o.grant_id = ? ORDER BY o.declaration_id`, grantID)
}

// SettledRefused are the grant's declarations refused because its
// settlement was made (a grant_settled finding): what a corrected
// settlement admits.
func (t *Tx) SettledRefused(ctx context.Context, grantID int64) ([]OpenDeclaration, error) {
	return t.openDeclarations(ctx, `SELECT d.id, d.state, d.period_start, d.total_cents, d.state, p.name
		FROM declarations d JOIN providers p ON p.id = d.provider_id
		WHERE d.grant_id = ? AND d.state = ? AND d.findings_json LIKE ? ORDER BY d.id`, grantID, string(domain.DeclRefused), `%"grant_settled"%`)
}

func (t *Tx) openDeclarations(ctx context.Context, q string, args ...any) ([]OpenDeclaration, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OpenDeclaration
	for rows.Next() {
		var o OpenDeclaration
		var state, now string
		var total int64
		if err := rows.Scan(&o.DeclarationID, &state, &o.PeriodStart, &total, &now, &o.Provider); err != nil {
			return nil, err
		}
		o.State, o.Total, o.StateNow = domain.DeclarationState(state), domain.Cents(total), domain.DeclarationState(now)
		out = append(out, o)
	}
	return out, rows.Err()
}

// SettlementVersion is an earlier version of a corrected settlement: its
// figures and state as they were, and who replaced it when.
type SettlementVersion struct {
	Version    int                    `json:"version"`
	S          domain.Settlement      `json:"settlement"`
	State      domain.SettlementState `json:"state"`
	Reason     string                 `json:"reason,omitempty"`
	Correction string                 `json:"correction,omitempty"`
	MadeAt     time.Time              `json:"made_at"`
	ReplacedBy int64                  `json:"-"`
	ReplacedAt time.Time              `json:"replaced_at"`
}

// CorrectSettlement replaces a settlement's figures by a corrected version:
// the current one is kept in settlement_versions, the row gets the new
// figures, the next version number, the correction's reason and state to.
// It is a conflict when the settlement is no longer the version read.
func (t *Tx) CorrectSettlement(ctx context.Context, cur SettlementRow, s domain.Settlement, to domain.SettlementState, correction string, by int64, at time.Time) error {
	made := cur.CreatedAt
	if cur.Version > 1 {
		if err := t.queryRow(ctx, `SELECT replaced_at FROM settlement_versions WHERE settlement_id = ? AND version = ?`, cur.ID, cur.Version-1).Scan(&made); err != nil {
			return err
		}
	}
	o := cur.S
	if _, err := t.exec(ctx, `INSERT INTO settlement_versions (settlement_id, version, granted_cents, paid_cents, reserved_cents, free_used_cents,
		free_allowed_cents, free_to_return_cents, left_cents, to_return_cents, state, reason, correction, made_at, replaced_by, replaced_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		cur.ID, cur.Version, int64(o.Granted), int64(o.Paid), int64(o.Reserved), int64(o.FreeUsed), int64(o.FreeAllowed), int64(o.FreeToReturn),
		int64(o.Left), int64(o.ToReturn), string(cur.State), cur.Reason, cur.Correction, made.UTC(), by, at.UTC()); err != nil {
		return err
	}
	reason := cur.Reason
	if to != cur.State {
		reason = "" // the holder answers the corrected version anew
	}
	res, err := t.exec(ctx, `UPDATE settlements SET granted_cents = ?, paid_cents = ?, reserved_cents = ?, free_used_cents = ?, free_allowed_cents = ?,
		free_to_return_cents = ?, left_cents = ?, to_return_cents = ?, state = ?, reason = ?, version = ?, correction = ?, updated_at = ?
		WHERE id = ? AND version = ?`,
		int64(s.Granted), int64(s.Paid), int64(s.Reserved), int64(s.FreeUsed), int64(s.FreeAllowed), int64(s.FreeToReturn), int64(s.Left), int64(s.ToReturn),
		string(to), reason, cur.Version+1, correction, at.UTC(), cur.ID, cur.Version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("settlement_transition")
	}
	return nil
}

// SettlementVersions are a settlement's earlier versions, oldest first.
func (t *Tx) SettlementVersions(ctx context.Context, id int64) ([]SettlementVersion, error) {
	rows, err := t.query(ctx, `SELECT version, granted_cents, paid_cents, reserved_cents, free_used_cents, free_allowed_cents, free_to_return_cents,
		left_cents, to_return_cents, state, reason, correction, made_at, replaced_by, replaced_at FROM settlement_versions WHERE settlement_id = ? ORDER BY version`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SettlementVersion
	for rows.Next() {
		var v SettlementVersion
		var g, p, res, fu, fa, fr, l, tr int64
		var state string
		if err := rows.Scan(&v.Version, &g, &p, &res, &fu, &fa, &fr, &l, &tr, &state, &v.Reason, &v.Correction, &v.MadeAt, &v.ReplacedBy, &v.ReplacedAt); err != nil {
			return nil, err
		}
		v.S = domain.Settlement{Granted: domain.Cents(g), Paid: domain.Cents(p), Reserved: domain.Cents(res), FreeUsed: domain.Cents(fu), FreeAllowed: domain.Cents(fa),
			FreeToReturn: domain.Cents(fr), Left: domain.Cents(l), ToReturn: domain.Cents(tr)}
		v.S.CareSpent = v.S.Paid + v.S.Reserved - v.S.FreeUsed
		v.State = domain.SettlementState(state)
		out = append(out, v)
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

// SettlementsToCorrect lists the verstrekker's settlements with a
// declaration refused because the settlement was made: a corrected
// settlement would admit it.
func SettlementsToCorrect(f WorkFilter, limit int, out *[]WorkRow) WorkQuery {
	cond, args := f.where("s.budget_holder_id", "0", "s.verstrekker_id")
	args = append(args, string(domain.DeclRefused), `%"grant_settled"%`, limit)
	return workQuery(`SELECT s.id, NULL, s.to_return_cents, '', b.initials, b.prefix, b.family_name
		FROM settlements s JOIN budget_holders b ON b.id = s.budget_holder_id
		WHERE 1 = 1`+cond+` AND EXISTS (SELECT 1 FROM declarations d WHERE d.grant_id = s.grant_id AND d.state = ? AND d.findings_json LIKE ?)
		ORDER BY s.id LIMIT ?`, args, out)
}
