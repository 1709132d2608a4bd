package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// CreateAgreement inserts an agreement (without versions).
func (t *Tx) CreateAgreement(ctx context.Context, a domain.Agreement, by int64) (int64, error) {
	return t.insert(ctx, `INSERT INTO agreements (budget_holder_id, provider_id, grant_id, verstrekker_id, source, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		a.BudgetHolderID, a.ProviderID, a.GrantID, a.VerstrekkerID, a.Source, by, a.CreatedAt.UTC())
}

const agreementCols = `id, budget_holder_id, provider_id, grant_id, verstrekker_id, in_force_version, ended, end_proposed_on, source, created_at, payroll_wage_cents`

func scanAgreement(s interface{ Scan(...any) error }) (domain.Agreement, error) {
	var a domain.Agreement
	err := scanParts(s, &agreementPart{a: &a})
	return a, err
}

// agreementPart is an agreement's agreementCols in a row.
type agreementPart struct {
	a    *domain.Agreement
	wage int64
}

func (x *agreementPart) dest() []any {
	a := x.a
	return []any{&a.ID, &a.BudgetHolderID, &a.ProviderID, &a.GrantID, &a.VerstrekkerID, &a.InForce, &a.Ended, &a.EndProposedOn, &a.Source, &a.CreatedAt, &x.wage}
}

func (x *agreementPart) done() error { x.a.PayrollWage = domain.Cents(x.wage); return nil }

// Agreement loads one agreement; lock takes its row lock (PostgreSQL) so
// that actions on one agreement queue.
func (t *Tx) Agreement(ctx context.Context, id int64, lock bool) (domain.Agreement, error) {
	q := `SELECT ` + agreementCols + ` FROM agreements WHERE id = ?`
	if lock {
		q += " " + t.db.d.ForUpdate
	}
	a, err := scanAgreement(t.queryRow(ctx, q, id))
	return a, notFound(err, "agreement")
}

// AgreementWithTerms loads an agreement with its versions' terms (without
// signatures), in one round trip where the database batches. Its
// provider and budget holder come with it and are kept for the rest of the
// transaction.
func (t *Tx) AgreementWithTerms(ctx context.Context, id int64) (domain.Agreement, []domain.AgreementVersion, error) {
	var a domain.Agreement
	var vers []domain.AgreementVersion
	err := t.batch(ctx, t.agreementQuery(`a.id = ?`, id, &a), termsQuery(id, &vers))
	return a, vers, notFound(err, "agreement")
}

// agreementQuery loads the agreement where holds (a is agreements) with its
// provider and budget holder, which the transaction keeps.
func (t *Tx) agreementQuery(where string, arg any, a *domain.Agreement) BatchQuery {
	return BatchQuery{SQL: `SELECT ` + agreementColsA + `, ` + provColsP + `, ` + bhColsH + ` FROM agreements a
		JOIN providers p ON p.id = a.provider_id JOIN budget_holders h ON h.id = a.budget_holder_id WHERE ` + where, Args: []any{arg},
		Scan: one(func(rows Rows) error {
			var p domain.Provider
			var b domain.BudgetHolder
			if err := scanParts(rows, &agreementPart{a: a}, &providerPart{p: &p}, &holderPart{b: &b, db: t.db}); err != nil {
				return err
			}
			t.keep(p, b)
			return nil
		})}
}

// AgreementFilter selects agreements by party; zero fields do not filter.
type AgreementFilter struct {
	BudgetHolderID int64
	ProviderID     int64
	VerstrekkerID  int64
	Running        bool // not ended
}

// Agreements lists agreements matching f, newest first.
func (t *Tx) Agreements(ctx context.Context, f AgreementFilter, limit int) ([]domain.Agreement, error) {
	return t.AgreementsFrom(ctx, f, limit, 0)
}

// AgreementsFrom is Agreements from the offset-th (a page of the API's
// list, paged by the database).
func (t *Tx) AgreementsFrom(ctx context.Context, f AgreementFilter, limit, offset int) ([]domain.Agreement, error) {
	q := `SELECT ` + agreementCols + ` FROM agreements WHERE 1 = 1`
	var args []any
	if f.BudgetHolderID != 0 {
		q += ` AND budget_holder_id = ?`
		args = append(args, f.BudgetHolderID)
	}
	if f.ProviderID != 0 {
		q += ` AND provider_id = ?`
		args = append(args, f.ProviderID)
	}
	if f.VerstrekkerID != 0 {
		q += ` AND verstrekker_id = ?`
		args = append(args, f.VerstrekkerID)
	}
	if f.Running {
		q += ` AND ended = ?`
		args = append(args, false)
	}
	q += ` ORDER BY id DESC LIMIT ? OFFSET ?`
	return t.agreements(ctx, q, append(args, limit, offset)...)
}

// agreements runs a query selecting agreementCols.
func (t *Tx) agreements(ctx context.Context, q string, args ...any) ([]domain.Agreement, error) {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Agreement
	for rows.Next() {
		a, err := scanAgreement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// UpdateAgreement writes the agreement's own state.
func (t *Tx) UpdateAgreement(ctx context.Context, a domain.Agreement) error {
	_, err := t.exec(ctx, `UPDATE agreements SET in_force_version = ?, ended = ?, end_proposed_on = ?, payroll_wage_cents = ? WHERE id = ?`,
		a.InForce, a.Ended, a.EndProposedOn, int64(a.PayrollWage), a.ID)
	return err
}

// PayrollAgreements lists the agreements under payroll that may owe a wage
// for the month and have none yet (by the partial index on the wage).
func (t *Tx) PayrollAgreements(ctx context.Context, month domain.Period) ([]domain.Agreement, error) {
	return t.agreements(ctx, `SELECT `+agreementCols+` FROM agreements a WHERE a.payroll_wage_cents > 0
		AND (a.end_proposed_on IS NULL OR a.end_proposed_on >= ?)
		AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.agreement_id = a.id AND d.kind = ? AND d.period_start = ?)
		ORDER BY a.id`, month.Start, string(domain.DeclWage), month.Start)
}

// AddAgreementVersion stores a new version; its row version starts at 1.
func (t *Tx) AddAgreementVersion(ctx context.Context, v domain.AgreementVersion, by int64) (int64, error) {
	terms, err := json.Marshal(v.Terms)
	if err != nil {
		return 0, err
	}
	return t.insert(ctx, `INSERT INTO agreement_versions (agreement_id, number, state, terms_json, terms_hash, effective_from, rejection_reason, row_version, updated_by, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		v.AgreementID, v.Number, string(v.State), string(terms), domain.HashTerms(v.Terms), v.EffectiveFrom, v.RejectionReason, by, v.UpdatedAt.UTC())
}

// SaveAgreementVersion writes a version if nobody changed it since it was
// read (its RowVersion); otherwise it returns the conflict
// "agreement_changed" and writes nothing.
func (t *Tx) SaveAgreementVersion(ctx context.Context, v domain.AgreementVersion, by int64) error {
	terms, err := json.Marshal(v.Terms)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, `UPDATE agreement_versions SET state = ?, terms_json = ?, terms_hash = ?, effective_from = ?, rejection_reason = ?,
		row_version = row_version + 1, updated_by = ?, updated_at = ? WHERE id = ? AND row_version = ?`,
		string(v.State), string(terms), domain.HashTerms(v.Terms), v.EffectiveFrom, v.RejectionReason, by, v.UpdatedAt.UTC(), v.ID, v.RowVersion)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Conflict("agreement_changed")
	}
	return nil
}

// AgreementVersions lists an agreement's versions in order, with signatures.
func (t *Tx) AgreementVersions(ctx context.Context, agreementID int64) ([]domain.AgreementVersion, error) {
	out, err := t.AgreementTerms(ctx, agreementID)
	if err != nil || len(out) == 0 {
		return out, err
	}
	// Every version's signatures in one statement.
	rows, err := t.query(ctx, `SELECT s.version_id, s.party, s.account_id, s.terms_hash, s.signed_at FROM agreement_signatures s
		JOIN agreement_versions v ON v.id = s.version_id WHERE v.agreement_id = ? ORDER BY s.signed_at`, agreementID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]int, len(out))
	for i, v := range out {
		byID[v.ID] = i
	}
	for rows.Next() {
		var s domain.Signature
		var versionID int64
		var party string
		if err := rows.Scan(&versionID, &party, &s.AccountID, &s.TermsHash, &s.SignedAt); err != nil {
			return nil, err
		}
		s.Party = domain.Party(party)
		if i, ok := byID[versionID]; ok {
			out[i].Signatures = append(out[i].Signatures, s)
		}
	}
	return out, rows.Err()
}

// AgreementTerms lists an agreement's versions in order without their
// signatures, for what needs only the terms and states (declarations).
func (t *Tx) AgreementTerms(ctx context.Context, agreementID int64) ([]domain.AgreementVersion, error) {
	var out []domain.AgreementVersion
	err := t.batch(ctx, termsQuery(agreementID, &out))
	return out, err
}

func termsQuery(agreementID int64, out *[]domain.AgreementVersion) BatchQuery {
	return BatchQuery{SQL: `SELECT id, agreement_id, number, state, terms_json, terms_hash, effective_from, rejection_reason, row_version, updated_at
		FROM agreement_versions WHERE agreement_id = ? ORDER BY number`, Args: []any{agreementID}, Scan: func(rows Rows) error {
		for rows.Next() {
			var v domain.AgreementVersion
			var state, terms string
			if err := rows.Scan(&v.ID, &v.AgreementID, &v.Number, &state, &terms, &v.TermsHash, &v.EffectiveFrom, &v.RejectionReason, &v.RowVersion, &v.UpdatedAt); err != nil {
				return err
			}
			v.State = domain.AgreementState(state)
			if err := json.Unmarshal([]byte(terms), &v.Terms); err != nil {
				return fmt.Errorf("store: agreement version %d: %w", v.ID, err)
			}
			*out = append(*out, v)
		}
		return nil
	}}
}

// AddSignature records a party's signature on a version.
func (t *Tx) AddSignature(ctx context.Context, versionID int64, s domain.Signature) error {
	_, err := t.exec(ctx, `INSERT INTO agreement_signatures (version_id, party, account_id, terms_hash, signed_at) VALUES (?, ?, ?, ?, ?)`,
		versionID, string(s.Party), s.AccountID, s.TermsHash, s.SignedAt.UTC())
	return err
}

// ClearSignatures voids a version's signatures (its text changed).
func (t *Tx) ClearSignatures(ctx context.Context, versionID int64) error {
	_, err := t.exec(ctx, `DELETE FROM agreement_signatures WHERE version_id = ?`, versionID)
	return err
}

// MaxRate finds the maximum rate for a care type and provider kind under a
// law in a year: the organisation's own tariff before the national one, and
// the latest year up to the given one.
func (t *Tx) MaxRate(ctx context.Context, year int, law domain.Law, careType string, kind domain.ProviderKind, orgID int64) (domain.Cents, bool, error) {
	var rate int64
	err := t.queryRow(ctx, `SELECT max_rate_cents FROM tariffs WHERE law = ? AND care_type = ? AND provider_kind = ? AND year <= ? AND organisation_id IN (0, ?)
		ORDER BY organisation_id DESC, year DESC LIMIT 1`, string(law), careType, string(kind), year, orgID).Scan(&rate)
	if err == sql.ErrNoRows {
		return 0, false, nil
	}
	return domain.Cents(rate), err == nil, err
}

// maxRatesQuery reads the tariffs where holds into out, by provider kind and
// care type: for each, the organisation's own before the national one, the
// latest year (the order MaxRate takes them in).
func maxRatesQuery(where string, args []any, out map[domain.ProviderKind]map[string]domain.Cents) BatchQuery {
	return BatchQuery{SQL: `SELECT provider_kind, care_type, max_rate_cents FROM tariffs WHERE ` + where + `
		ORDER BY provider_kind, care_type, organisation_id DESC, year DESC`, Args: args, Scan: func(rows Rows) error {
		for rows.Next() {
			var kind, careType string
			var rate int64
			if err := rows.Scan(&kind, &careType, &rate); err != nil {
				return err
			}
			byType := out[domain.ProviderKind(kind)]
			if byType == nil {
				byType = map[string]domain.Cents{}
				out[domain.ProviderKind(kind)] = byType
			}
			if _, seen := byType[careType]; !seen { // the first is the organisation's own, the latest year
				byType[careType] = domain.Cents(rate)
			}
		}
		return nil
	}}
}

// Tariffs lists tariffs of a law (all laws when empty), national and the
// organisation's own.
func (t *Tx) Tariffs(ctx context.Context, law domain.Law, orgID int64) ([]domain.Tariff, error) {
	rows, err := t.query(ctx, `SELECT id, year, law, care_type, provider_kind, max_rate_cents, organisation_id, source FROM tariffs
		WHERE (law = ? OR ? = '') AND organisation_id IN (0, ?) ORDER BY law, year DESC, care_type, provider_kind`, string(law), string(law), orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Tariff
	for rows.Next() {
		var tf domain.Tariff
		var law, kind string
		var rate int64
		if err := rows.Scan(&tf.ID, &tf.Year, &law, &tf.CareType, &kind, &rate, &tf.OrganisationID, &tf.Source); err != nil {
			return nil, err
		}
		tf.Law, tf.ProviderKind, tf.MaxRate = domain.Law(law), domain.ProviderKind(kind), domain.Cents(rate)
		out = append(out, tf)
	}
	return out, rows.Err()
}

// PutTariff inserts or replaces a tariff (same year, law, care type, kind
// and organisation).
func (t *Tx) PutTariff(ctx context.Context, tf domain.Tariff, by int64, at time.Time) error {
	res, err := t.exec(ctx, `UPDATE tariffs SET max_rate_cents = ?, source = ?, updated_by = ?, updated_at = ?
		WHERE year = ? AND law = ? AND care_type = ? AND provider_kind = ? AND organisation_id = ?`,
		int64(tf.MaxRate), tf.Source, by, at.UTC(), tf.Year, string(tf.Law), tf.CareType, string(tf.ProviderKind), tf.OrganisationID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	_, err = t.exec(ctx, `INSERT INTO tariffs (year, law, care_type, provider_kind, max_rate_cents, organisation_id, source, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		tf.Year, string(tf.Law), tf.CareType, string(tf.ProviderKind), int64(tf.MaxRate), tf.OrganisationID, tf.Source, by, at.UTC())
	return err
}
