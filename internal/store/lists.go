package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// ListQuery narrows a list page: a name to search (the start of the budget
// holder's family name or of the provider's name), a state, a month, a law;
// zero fields do not narrow.
type ListQuery struct {
	Q     string
	State string
	Month domain.Date // the first of a month
	Law   domain.Law
	// PerPage is a page's length for a caller that chooses it (the API's
	// pageSize); 0 is the pages' own length.
	PerPage int
}

// ListRow is a row of a list page: the object and both parties' ids, whose
// names the caller loads (a page has few rows).
type ListRow struct {
	ID             int64
	BudgetHolderID int64
	ProviderID     int64
	Law            domain.Law
	Period         domain.Date // a declaration's month, an agreement's start
	Kind           string
	Total          domain.Cents
	State          string
	Ended          bool // an agreement that has ended
}

// nameMatch narrows rows to those whose budget holder's family name or
// provider's name starts with q (in lower case): the few matching parties
// are found first, by a range on an index on LOWER(name) — from q up to q
// with its last letter one higher, which both databases answer from the
// index in any collation — and the rows then by party. The LIKE keeps the
// match exact where a collation orders other names inside that range.
func nameMatch(holderCol, providerCol, q string) (string, []any) {
	from := strings.ToLower(strings.TrimSpace(q))
	r := []rune(from)
	r[len(r)-1]++
	to := string(r)
	like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(from) + "%"
	return ` AND (` + holderCol + ` IN (SELECT b.id FROM budget_holders b WHERE LOWER(b.family_name) >= ? AND LOWER(b.family_name) < ? AND LOWER(b.family_name) LIKE ? ESCAPE '\')
			OR ` + providerCol + ` IN (SELECT p.id FROM providers p WHERE LOWER(p.name) >= ? AND LOWER(p.name) < ? AND LOWER(p.name) LIKE ? ESCAPE '\'))`,
		[]any{from, to, like, from, to, like}
}

// ListDeclarations lists declarations by party and query, newest first,
// limit rows from offset.
func (t *Tx) ListDeclarations(ctx context.Context, f WorkFilter, q ListQuery, limit, offset int) ([]ListRow, error) {
	cond, args := declarationsWhere(f, q)
	sql := `SELECT d.id, d.budget_holder_id, d.provider_id, g.law, d.period_start, d.kind, d.total_cents, d.state
		FROM declarations d JOIN grants g ON g.id = d.grant_id WHERE 1 = 1` + cond
	return t.listRows(ctx, sql+` ORDER BY d.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset))
}

// declarationsWhere narrows declarations d (joined with their grant g) by
// party and query, for the list and its export alike.
func declarationsWhere(f WorkFilter, q ListQuery) (string, []any) {
	sql, args := f.where("d.budget_holder_id", "d.provider_id", "d.verstrekker_id")
	if q.State != "" {
		sql += ` AND d.state = ?`
		args = append(args, q.State)
	}
	if !q.Month.IsZero() {
		sql += ` AND d.period_start = ?`
		args = append(args, q.Month)
	}
	if q.Law != "" {
		sql += ` AND g.law = ?`
		args = append(args, string(q.Law))
	}
	if strings.TrimSpace(q.Q) != "" {
		c, a := nameMatch("d.budget_holder_id", "d.provider_id", q.Q)
		sql, args = sql+c, append(args, a...)
	}
	return sql, args
}

// ExportRow is a declaration as its list's export has it: the list's row
// with both parties' names.
type ExportRow struct {
	ListRow
	Holder       domain.BudgetHolder // names only
	ProviderName string
}

// CountDeclarations counts the declarations the list shows (an export's
// total).
func (t *Tx) CountDeclarations(ctx context.Context, f WorkFilter, q ListQuery) (int64, error) {
	cond, args := declarationsWhere(f, q)
	var n int64
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM declarations d JOIN grants g ON g.id = d.grant_id WHERE 1 = 1`+cond, args...).Scan(&n)
	return n, err
}

// ExportDeclarations is a page of the list's declarations with the
// parties' names, newest first: the limit rows below beforeID (0: from the
// newest). An export walks the list page by page by the last id it wrote,
// each page its own short read, so that neither memory nor a transaction
// grows with the list.
func (t *Tx) ExportDeclarations(ctx context.Context, f WorkFilter, q ListQuery, beforeID int64, limit int) ([]ExportRow, error) {
	cond, args := declarationsWhere(f, q)
	if beforeID > 0 {
		cond += ` AND d.id < ?`
		args = append(args, beforeID)
	}
	rows, err := t.query(ctx, `SELECT d.id, d.budget_holder_id, d.provider_id, g.law, d.period_start, d.kind, d.total_cents, d.state,
			b.initials, b.prefix, b.family_name, p.name
		FROM declarations d JOIN grants g ON g.id = d.grant_id
		JOIN budget_holders b ON b.id = d.budget_holder_id JOIN providers p ON p.id = d.provider_id
		WHERE 1 = 1`+cond+` ORDER BY d.id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]ExportRow, 0, limit)
	for rows.Next() {
		var r ExportRow
		if err := scanListRow(rows, &r.ListRow, &r.Holder.Initials, &r.Holder.Prefix, &r.Holder.FamilyName, &r.ProviderName); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListAgreements lists agreements by party and query (the state is the
// newest version's), newest first.
func (t *Tx) ListAgreements(ctx context.Context, f WorkFilter, q ListQuery, limit, offset int) ([]ListRow, error) {
	verstrekker := "a.verstrekker_id"
	if q.State != "" && q.State != string(domain.StateEnded) {
		// Few agreements are in any one state but "approved": a
		// verstrekker's (tens of thousands) are then found from the
		// versions in the state, as the work list does.
		verstrekker = "+a.verstrekker_id"
	}
	cond, args := f.where("a.budget_holder_id", "a.provider_id", verstrekker)
	sql := `SELECT a.id, a.budget_holder_id, a.provider_id, g.law, a.ended, v.terms_json, v.state
		FROM agreements a JOIN grants g ON g.id = a.grant_id
		JOIN agreement_versions v ON v.agreement_id = a.id AND v.number = (SELECT MAX(m.number) FROM agreement_versions m WHERE m.agreement_id = a.id)
		WHERE 1 = 1` + cond
	if q.State == string(domain.StateEnded) {
		sql += ` AND a.ended = ?`
		args = append(args, true)
	} else if q.State != "" {
		sql += ` AND a.ended = ? AND v.state = ?`
		args = append(args, false, q.State)
	}
	if q.Law != "" {
		sql += ` AND g.law = ?`
		args = append(args, string(q.Law))
	}
	if strings.TrimSpace(q.Q) != "" {
		c, a := nameMatch("a.budget_holder_id", "a.provider_id", q.Q)
		sql, args = sql+c, append(args, a...)
	}
	rows, err := t.query(ctx, sql+` ORDER BY a.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ListRow
	for rows.Next() {
		var r ListRow
		var law, terms string
		if err := rows.Scan(&r.ID, &r.BudgetHolderID, &r.ProviderID, &law, &r.Ended, &terms, &r.State); err != nil {
			return nil, err
		}
		var tm domain.AgreementTerms
		if err := json.Unmarshal([]byte(terms), &tm); err != nil {
			return nil, err
		}
		r.Law, r.Kind, r.Period = domain.Law(law), string(tm.Kind), tm.Start
		out = append(out, r)
	}
	return out, rows.Err()
}

func (t *Tx) listRows(ctx context.Context, sql string, args []any) ([]ListRow, error) {
	rows, err := t.query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ListRow
	for rows.Next() {
		var r ListRow
		if err := scanListRow(rows, &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// scanListRow reads a declaration list row (id, parties, law, period,
// kind, total, state), then the columns after them into extra.
func scanListRow(rows *sql.Rows, r *ListRow, extra ...any) error {
	var law string
	var period *domain.Date
	var total int64
	if err := rows.Scan(append([]any{&r.ID, &r.BudgetHolderID, &r.ProviderID, &law, &period, &r.Kind, &total, &r.State}, extra...)...); err != nil {
		return err
	}
	r.Law, r.Total = domain.Law(law), domain.Cents(total)
	if period != nil {
		r.Period = *period
	}
	return nil
}

// AgreementState is the row's state read as an agreement's.
func (r ListRow) AgreementState() domain.AgreementState { return domain.AgreementState(r.State) }

// DeclarationState is the row's state read as a declaration's.
func (r ListRow) DeclarationState() domain.DeclarationState { return domain.DeclarationState(r.State) }

// RunTransfers lists a payment run's transfers (in one state when state is
// not empty), in the order of the file, limit from offset.
func (t *Tx) RunTransfers(ctx context.Context, runID int64, state string, limit, offset int) ([]Transfer, error) {
	q := `SELECT id, run_id, COALESCE(provider_id, 0), COALESCE(budget_holder_id, 0), end_to_end_id, creditor_name, creditor_iban, amount_cents, declarations, state, reason
		FROM payment_transfers WHERE run_id = ?`
	args := []any{runID}
	if state != "" {
		q += ` AND state = ?`
		args = append(args, state)
	}
	rows, err := t.query(ctx, q+` ORDER BY id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Transfer
	for rows.Next() {
		var tr Transfer
		var st string
		var amount int64
		if err := rows.Scan(&tr.ID, &tr.RunID, &tr.ProviderID, &tr.HolderID, &tr.EndToEndID, &tr.Name, &tr.IBAN, &amount, &tr.Declarations, &st, &tr.Reason); err != nil {
			return nil, err
		}
		tr.State, tr.Amount = domain.TransferState(st), domain.Cents(amount)
		out = append(out, tr)
	}
	return out, rows.Err()
}
