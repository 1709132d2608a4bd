package store

import (
	"context"
	"strings"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// The overview's work list: what waits for someone, each row named by the
// other party, oldest first, limited. These are read-only queries over the
// indexes the lists already use.

// WorkFilter names whose work it is; zero fields do not filter.
type WorkFilter struct {
	BudgetHolderID int64
	ProviderID     int64
	VerstrekkerID  int64
}

// WorkRow is one waiting object with both parties' names.
type WorkRow struct {
	ID           int64
	Period       domain.Date // a declaration's month
	Amount       domain.Cents
	Holder       domain.BudgetHolder // names only
	ProviderName string
}

func (f WorkFilter) where(holder, provider, verstrekker string) (string, []any) {
	var q strings.Builder
	var args []any
	if f.BudgetHolderID != 0 {
		q.WriteString(` AND ` + holder + ` = ?`)
		args = append(args, f.BudgetHolderID)
	}
	if f.ProviderID != 0 {
		q.WriteString(` AND ` + provider + ` = ?`)
		args = append(args, f.ProviderID)
	}
	if f.VerstrekkerID != 0 {
		q.WriteString(` AND ` + verstrekker + ` = ?`)
		args = append(args, f.VerstrekkerID)
	}
	return q.String(), args
}

// WorkQuery is one read of the work list, its rows going to the slice it
// was made with; Work runs several at once.
type WorkQuery struct{ q BatchQuery }

// Work runs work list reads together, in one round trip where the database
// batches: an overview read six of them one by one before.
func (t *Tx) Work(ctx context.Context, qs ...WorkQuery) error {
	bq := make([]BatchQuery, len(qs))
	for i, q := range qs {
		bq[i] = q.q
	}
	return t.batch(ctx, bq...)
}

// workQuery reads rows of q into out.
func workQuery(q string, args []any, out *[]WorkRow) WorkQuery {
	*out = nil
	return WorkQuery{BatchQuery{SQL: q, Args: args, Scan: func(rows Rows) error {
		for rows.Next() {
			var r WorkRow
			var period *domain.Date
			var amount *int64
			if err := rows.Scan(&r.ID, &period, &amount, &r.ProviderName, &r.Holder.Initials, &r.Holder.Prefix, &r.Holder.FamilyName); err != nil {
				return err
			}
			if period != nil {
				r.Period = *period
			}
			if amount != nil {
				r.Amount = domain.Cents(*amount)
			}
			*out = append(*out, r)
		}
		return rows.Err()
	}}}
}

// workRows runs one work list read.
func (t *Tx) workRows(ctx context.Context, q string, args []any) ([]WorkRow, error) {
	var out []WorkRow
	err := t.Work(ctx, workQuery(q, args, &out))
	return out, err
}

// DeclarationsWaiting reads into out the declarations in one of the states,
// oldest first.
func DeclarationsWaiting(f WorkFilter, states []domain.DeclarationState, limit int, out *[]WorkRow) WorkQuery {
	cond, args := f.where("d.budget_holder_id", "d.provider_id", "d.verstrekker_id")
	in := make([]string, len(states))
	for i, s := range states {
		in[i] = "?"
		args = append(args, string(s))
	}
	return workQuery(`SELECT d.id, d.period_start, d.total_cents, p.name, b.initials, b.prefix, b.family_name
		FROM declarations d JOIN providers p ON p.id = d.provider_id JOIN budget_holders b ON b.id = d.budget_holder_id
		WHERE 1 = 1`+cond+` AND d.state IN (`+strings.Join(in, ", ")+`) ORDER BY d.id LIMIT ?`, append(args, limit), out)
}

// AgreementsWaiting reads into out the running agreements whose newest version is in
// state; with unsignedBy set, only those that party has not signed yet.
func AgreementsWaiting(f WorkFilter, state domain.AgreementState, unsignedBy domain.Party, limit int, out *[]WorkRow) WorkQuery {
	// Few versions wait in any one state, while a verstrekker has tens of
	// thousands of agreements: its rows are found from the versions in the
	// state (agreement_versions_state) and the verstrekker only checked (the
	// unary + keeps both planners from starting at its index). A holder's or
	// a provider's own agreements are few: they start there.
	cond, args := f.where("a.budget_holder_id", "a.provider_id", "+a.verstrekker_id")
	q := `SELECT a.id, NULL, NULL, p.name, b.initials, b.prefix, b.family_name
		FROM agreement_versions v JOIN agreements a ON a.id = v.agreement_id
		JOIN providers p ON p.id = a.provider_id JOIN budget_holders b ON b.id = a.budget_holder_id
		WHERE a.ended = ?` + cond + ` AND v.state = ?
		AND v.number = (SELECT MAX(number) FROM agreement_versions m WHERE m.agreement_id = a.id)`
	args = append([]any{false}, args...)
	args = append(args, string(state))
	if unsignedBy != "" {
		q += ` AND NOT EXISTS (SELECT 1 FROM agreement_signatures s WHERE s.version_id = v.id AND s.party = ? AND s.terms_hash = v.terms_hash)`
		args = append(args, string(unsignedBy))
	}
	return workQuery(q+` ORDER BY a.id LIMIT ?`, append(args, limit), out)
}

// SettlementsWaiting reads into out the settlements in one of the states.
func SettlementsWaiting(f WorkFilter, states []domain.SettlementState, limit int, out *[]WorkRow) WorkQuery {
	cond, args := f.where("s.budget_holder_id", "0", "s.verstrekker_id")
	in := make([]string, len(states))
	for i, s := range states {
		in[i] = "?"
		args = append(args, string(s))
	}
	return workQuery(`SELECT s.id, NULL, s.to_return_cents, '', b.initials, b.prefix, b.family_name
		FROM settlements s JOIN budget_holders b ON b.id = s.budget_holder_id
		WHERE 1 = 1`+cond+` AND s.state IN (`+strings.Join(in, ", ")+`) ORDER BY s.id LIMIT ?`, append(args, limit), out)
}

// FailedTransfersToCurrentIBAN reads into out a provider's failed transfers that went
// to the IBAN it still has: its IBAN needs attention until it is changed.
func FailedTransfersToCurrentIBAN(providerID int64, limit int, out *[]WorkRow) WorkQuery {
	return workQuery(`SELECT tr.run_id, NULL, tr.amount_cents, p.name, '', '', ''
		FROM payment_transfers tr JOIN providers p ON p.id = tr.provider_id
		WHERE tr.provider_id = ? AND tr.state = ? AND tr.creditor_iban = p.iban ORDER BY tr.id LIMIT ?`,
		[]any{providerID, string(domain.TransferFailed), limit}, out)
}

// UnprovenRepresentations reads into out the legal representations of a
// verstrekker's clients that have no proof (scan) kept with them.
func UnprovenRepresentations(verstrekkerID int64, limit int, out *[]WorkRow) WorkQuery {
	// Read in the order shown (oldest first), each checked for being a
	// client of this verstrekker, so that the first rows end it: joining a
	// large verstrekker's clients first sorted them all.
	return workQuery(`SELECT b.id, NULL, NULL, '', b.initials, b.prefix, b.family_name
		FROM representations r JOIN budget_holders b ON b.id = r.budget_holder_id
		WHERE r.kind <> ? AND EXISTS (SELECT 1 FROM clients c WHERE c.verstrekker_id = ? AND c.budget_holder_id = r.budget_holder_id)
		AND NOT EXISTS (SELECT 1 FROM attachments x WHERE x.owner_type = 'representation' AND x.owner_id = r.id)
		ORDER BY r.id LIMIT ?`, []any{string(domain.Gemachtigde), verstrekkerID, limit}, out)
}

// RunsOpen lists payment runs not yet executed, newest first.
func (t *Tx) RunsOpen(ctx context.Context, limit int) ([]PayRun, error) {
	rows, err := t.query(ctx, `SELECT `+payRunCols+` FROM payment_runs WHERE state <> ? ORDER BY id DESC LIMIT ?`, string(domain.RunExecuted), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PayRun
	for rows.Next() {
		r, err := scanPayRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FailedMails counts mails given up on or failing (a last error, not sent).
func (t *Tx) FailedMails(ctx context.Context) (int, error) {
	var n int
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND (failed_at IS NOT NULL OR last_error <> '')`).Scan(&n)
	return n, err
}

// AgreementsToDeclare lists a provider's agreements in force that have no
// declaration for the month starting on first yet.
func (t *Tx) AgreementsToDeclare(ctx context.Context, providerID int64, first domain.Date, limit int) ([]WorkRow, error) {
	return t.workRows(ctx, `SELECT a.id, NULL, NULL, p.name, b.initials, b.prefix, b.family_name
		FROM agreements a JOIN providers p ON p.id = a.provider_id JOIN budget_holders b ON b.id = a.budget_holder_id
		WHERE a.provider_id = ? AND a.ended = ? AND a.in_force_version > 0
		AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.agreement_id = a.id AND d.period_start = ?)
		ORDER BY a.id LIMIT ?`, []any{providerID, false, first, limit})
}
