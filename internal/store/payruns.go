package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// PayRun is a stored payment run.
type PayRun struct {
	ID            int64              `json:"id"`
	State         domain.PayRunState `json:"state"`
	Cutoff        domain.Date        `json:"cutoff"`
	ExecutionDate domain.Date        `json:"execution_date"`
	MsgID         string             `json:"msg_id"`
	NbTxs         int64              `json:"transfers"`
	CtrlSum       domain.Cents       `json:"total_cents"`
	Declarations  int64              `json:"declarations"`
	FileSHA256    string             `json:"file_sha256,omitempty"`
	FileBytes     int64              `json:"file_bytes,omitempty"`
	Executed      int64              `json:"executed"`
	Failed        int64              `json:"failed"`
	CreatedBy     int64              `json:"-"`
	CreatedAt     time.Time          `json:"created_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
}

// Transfer is one credit transfer of a run: all of one provider's
// declarations in it, to the IBAN the provider had when the run was made.
type Transfer struct {
	ID            int64                `json:"id"`
	RunID         int64                `json:"run_id"`
	ProviderID    int64                `json:"provider_id,omitempty"`      // a provider's declarations, or
	HolderID      int64                `json:"budget_holder_id,omitempty"` // a budget holder's free amount
	EndToEndID    string               `json:"end_to_end_id"`
	Name          string               `json:"creditor_name"`
	IBAN          string               `json:"creditor_iban"`
	Amount        domain.Cents         `json:"amount_cents"`
	Declarations  int64                `json:"declarations"`
	State         domain.TransferState `json:"state"`
	Reason        string               `json:"reason,omitempty"`
	ExecutionDate domain.Date          `json:"execution_date"`
}

const payRunCols = `id, state, cutoff, execution_date, msg_id, nb_txs, ctrl_sum_cents, declarations, file_sha256, file_bytes, executed_count, failed_count, created_by, created_at, updated_at`

func scanPayRun(s interface{ Scan(...any) error }) (PayRun, error) {
	var r PayRun
	var state string
	var sum int64
	err := s.Scan(&r.ID, &state, &r.Cutoff, &r.ExecutionDate, &r.MsgID, &r.NbTxs, &sum, &r.Declarations, &r.FileSHA256, &r.FileBytes,
		&r.Executed, &r.Failed, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt)
	r.State, r.CtrlSum = domain.PayRunState(state), domain.Cents(sum)
	return r, err
}

// PayRun loads a run; lock takes its row lock.
func (t *Tx) PayRun(ctx context.Context, id int64, lock bool) (PayRun, error) {
	q := `SELECT ` + payRunCols + ` FROM payment_runs WHERE id = ?`
	if lock {
		q += " " + t.db.d.ForUpdate
	}
	r, err := scanPayRun(t.queryRow(ctx, q, id))
	return r, notFound(err, "payrun")
}

// OpenPayRun returns the run that is prepared or written, if any.
func (t *Tx) OpenPayRun(ctx context.Context) (PayRun, bool, error) {
	r, err := scanPayRun(t.queryRow(ctx, `SELECT `+payRunCols+` FROM payment_runs WHERE state IN (?, ?) ORDER BY id LIMIT 1`,
		string(domain.RunPrepared), string(domain.RunWritten)))
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// PayRuns lists the newest runs first.
func (t *Tx) PayRuns(ctx context.Context, limit int) ([]PayRun, error) {
	rows, err := t.query(ctx, `SELECT `+payRunCols+` FROM payment_runs ORDER BY id DESC LIMIT ?`, limit)
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

// payable is what a run takes: accepted, not in a run, period ended on or
// before the cut-off, something to pay.
// payable: accepted and not in a run (the index declarations_payable, 0029).
// Its columns are named by the table, for the statement that joins
// declarations with payment_transfers (which has a state too).
const payable = `declarations.state = ? AND declarations.payment_run_id IS NULL AND (declarations.period_end <= ? OR declarations.kind = 'maandloon')
	AND declarations.total_cents > 0`

// CountPayable counts the declarations a run with this cut-off would take.
func (t *Tx) CountPayable(ctx context.Context, cutoff domain.Date) (int64, error) {
	return t.CountPayableUpTo(ctx, cutoff, 0)
}

// CountPayableUpTo is CountPayable that stops counting at max (0: no limit),
// for the work list, which only says that a run is due: at month end half a
// million declarations wait, and counting them all is what takes the time.
func (t *Tx) CountPayableUpTo(ctx context.Context, cutoff domain.Date, max int64) (int64, error) {
	var n, m int64
	q := `SELECT COUNT(*) FROM declarations WHERE ` + payable
	args := []any{string(domain.DeclAccepted), cutoff}
	if max > 0 {
		q = `SELECT COUNT(*) FROM (SELECT 1 FROM declarations WHERE ` + payable + ` LIMIT ?) x`
		args = append(args, max)
	}
	if err := t.queryRow(ctx, q, args...).Scan(&n); err != nil {
		return 0, err
	}
	err := t.queryRow(ctx, `SELECT COUNT(*) FROM free_amount_claims WHERE state = ? AND payment_run_id IS NULL`, string(domain.DeclAccepted)).Scan(&m)
	return n + m, err
}

// CreatePayRun makes a run of every payable declaration, set-based, each
// declaration changed once: the transfers are made from the payable
// declarations first, one per provider (and purpose), to the IBAN and name
// it has now; then one statement marks each payable declaration with the
// run and its provider's transfer; then each transfer's sum and count are
// made again from the declarations it got. PostgreSQL sees commits between
// statements, so a declaration accepted meanwhile is either marked (its
// provider has a transfer) and counted in that transfer, or left for the
// next run; one changed meanwhile so that it is no longer payable is not
// marked and not counted, and a transfer left without declarations is
// removed. The unique index on open runs makes a concurrent second start
// fail with a conflict.
//
// Wages (the payroll maandloon) get transfers of their own, with purpose
// 'SALA' and an EndToEndId with an L before the provider's id, so that the
// file sends them as a block of salaries. msgID names the run's file from
// its id.
//
// Marking a declaration once, with both columns in one UPDATE joined with
// the transfers, instead of marking it and then setting its transfer from
// a subquery per row, halves the new row versions and index entries, and
// spares the foreign-key checks PostgreSQL makes on every update of a row
// already changed in the same transaction (measured in
// docs/operations.md).
func (t *Tx) CreatePayRun(ctx context.Context, cutoff, execution domain.Date, by int64, at time.Time, msgID func(runID int64) string) (PayRun, error) {
	id, err := t.insert(ctx, `INSERT INTO payment_runs (state, cutoff, execution_date, msg_id, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		string(domain.RunPrepared), cutoff, execution, "new-"+at.UTC().Format(time.RFC3339Nano), by, at.UTC(), at.UTC())
	if err != nil {
		return PayRun{}, err
	}
	if _, err := t.exec(ctx, `UPDATE payment_runs SET msg_id = ? WHERE id = ?`, msgID(id), id); err != nil {
		return PayRun{}, err
	}
	// The transfers, from the payable declarations, and how many they count.
	if _, err := t.exec(ctx, `INSERT INTO payment_transfers (run_id, provider_id, end_to_end_id, creditor_name, creditor_iban, amount_cents, declarations, state, purpose)
			SELECT `+t.param("BIGINT")+`, x.provider_id, `+t.param("TEXT")+` || CASE WHEN x.purpose = '' THEN '' ELSE 'L' END || CAST(x.provider_id AS TEXT),
				p.name, p.iban, SUM(x.total_cents), COUNT(*), `+t.param("TEXT")+`, x.purpose
			FROM (SELECT provider_id, total_cents, `+wagePurpose+` AS purpose FROM declarations WHERE `+payable+`) x
			JOIN providers p ON p.id = x.provider_id
			GROUP BY x.provider_id, x.purpose, p.name, p.iban`,
		id, domain.EndToEndPrefix(id), string(domain.TransferOpen), string(domain.DeclAccepted), cutoff); err != nil {
		return PayRun{}, err
	}
	payRunHook("transfers")
	var counted int64
	if err := t.queryRow(ctx, `SELECT COALESCE(SUM(declarations), 0) FROM payment_transfers WHERE run_id = ?`, id).Scan(&counted); err != nil {
		return PayRun{}, err
	}
	// Each declaration still payable, marked with the run and its
	// provider's transfer in one change.
	res, err := t.exec(ctx, `UPDATE declarations SET payment_run_id = ?, payment_transfer_id = t.id
			FROM payment_transfers t
			WHERE t.run_id = ? AND t.provider_id = declarations.provider_id
				AND t.purpose = CASE WHEN declarations.kind = 'maandloon' THEN 'SALA' ELSE '' END
				AND `+payable, id, id, string(domain.DeclAccepted), cutoff)
	if err != nil {
		return PayRun{}, err
	}
	marked, err := res.RowsAffected()
	if err != nil {
		return PayRun{}, err
	}
	// What was marked decides: a transfer's sum and count from its
	// declarations, changed only where a commit came in between. The
	// aggregate comes first, so that no plan depends on statistics that do
	// not know the marks yet.
	res, err = t.exec(ctx, `UPDATE payment_transfers SET amount_cents = s.amount, declarations = s.n
			FROM (SELECT payment_transfer_id AS tid, SUM(total_cents) AS amount, COUNT(*) AS n FROM declarations WHERE payment_run_id = ? GROUP BY payment_transfer_id) s
			WHERE payment_transfers.id = s.tid AND (payment_transfers.amount_cents <> s.amount OR payment_transfers.declarations <> s.n)`, id)
	if err != nil {
		return PayRun{}, err
	}
	changed, err := res.RowsAffected()
	if err != nil {
		return PayRun{}, err
	}
	// When every transfer kept its count and all it counted was marked, no
	// transfer was left without declarations; otherwise such a one is
	// removed.
	if changed > 0 || marked != counted {
		if _, err := t.exec(ctx, `DELETE FROM payment_transfers WHERE run_id = ? AND provider_id IS NOT NULL
				AND id NOT IN (SELECT payment_transfer_id FROM declarations WHERE payment_run_id = ?)`, id, id); err != nil {
			return PayRun{}, err
		}
	}
	steps := []struct {
		q    string
		args []any
	}{
		// Claimed free amounts: one transfer per budget holder, to its own IBAN.
		{`UPDATE free_amount_claims SET payment_run_id = ? WHERE state = ? AND payment_run_id IS NULL`, []any{id, string(domain.DeclAccepted)}},
		{`INSERT INTO payment_transfers (run_id, budget_holder_id, end_to_end_id, creditor_name, creditor_iban, amount_cents, declarations, state)
			SELECT ` + t.param("BIGINT") + `, c.budget_holder_id, ` + t.param("TEXT") + ` || CAST(c.budget_holder_id AS TEXT),
				b.initials || ' ' || CASE WHEN b.prefix = '' THEN '' ELSE b.prefix || ' ' END || b.family_name, b.iban, SUM(c.amount_cents), COUNT(*), ` + t.param("TEXT") + `
			FROM free_amount_claims c JOIN budget_holders b ON b.id = c.budget_holder_id WHERE c.payment_run_id = ?
			GROUP BY c.budget_holder_id, b.initials, b.prefix, b.family_name, b.iban`, []any{id, domain.EndToEndPrefix(id) + "B", string(domain.TransferOpen), id}},
		{`UPDATE free_amount_claims SET payment_transfer_id = (SELECT t.id FROM payment_transfers t WHERE t.run_id = ? AND t.budget_holder_id = free_amount_claims.budget_holder_id)
			WHERE payment_run_id = ?`, []any{id, id}},
		// The transfers' counts are exact now: the run's totals from them.
		{`UPDATE payment_runs SET nb_txs = (SELECT COUNT(*) FROM payment_transfers WHERE run_id = ?),
			ctrl_sum_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM payment_transfers WHERE run_id = ?),
			declarations = (SELECT COALESCE(SUM(declarations), 0) FROM payment_transfers WHERE run_id = ?)
			WHERE id = ?`, []any{id, id, id, id}},
	}
	for _, s := range steps {
		if _, err := t.exec(ctx, s.q, s.args...); err != nil {
			return PayRun{}, err
		}
	}
	return t.PayRun(ctx, id, false)
}

// payRunHook is called in CreatePayRun after the named step; a test sets
// it (SetPayRunHookForTest) to commit changes in between.
var payRunHook = func(step string) {}

// wagePurpose is a declaration's category purpose in the bank file: SALA
// for the payroll wage, none for the rest.
const wagePurpose = `CASE WHEN kind = 'maandloon' THEN 'SALA' ELSE '' END`

// PayRunBlock is one payment information block of a run's file: the
// transfers of one category purpose, with their count and sum.
type PayRunBlock struct {
	Purpose string // "" or "SALA"
	NbTxs   int64
	Sum     domain.Cents
}

// PayRunBlocks are the run's blocks in file order (purpose "" first), as
// EachTransfer streams their transfers.
func (t *Tx) PayRunBlocks(ctx context.Context, runID int64) ([]PayRunBlock, error) {
	rows, err := t.query(ctx, `SELECT purpose, COUNT(*), CAST(SUM(amount_cents) AS BIGINT) FROM payment_transfers WHERE run_id = ? GROUP BY purpose ORDER BY purpose`, runID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PayRunBlock
	for rows.Next() {
		var b PayRunBlock
		var sum int64
		if err := rows.Scan(&b.Purpose, &b.NbTxs, &sum); err != nil {
			return nil, err
		}
		b.Sum = domain.Cents(sum)
		out = append(out, b)
	}
	return out, rows.Err()
}

// InstancePrefix is this database's random part of payment file ids, set by
// its migration (0032) when the database was made.
func (t *Tx) InstancePrefix(ctx context.Context) (string, error) {
	var v string
	err := t.queryRow(ctx, `SELECT value FROM instance_settings WHERE name = 'msg_prefix'`).Scan(&v)
	return v, err
}

// SetPayRunFile records the written file: state "bestand" with its SHA-256.
func (t *Tx) SetPayRunFile(ctx context.Context, id int64, sha string, size int64, at time.Time) error {
	_, err := t.exec(ctx, `UPDATE payment_runs SET state = ?, file_sha256 = ?, file_bytes = ?, updated_at = ? WHERE id = ?`,
		string(domain.RunWritten), sha, size, at.UTC(), id)
	return err
}

// EachTransfer streams a run's transfers in file order (by purpose, as
// PayRunBlocks, then as made) with what each
// pays ("D12" for declaration 12, "V3" for free amount claim 3); fn sees one
// transfer at a time (memory stays flat).
func (db *DB) EachTransfer(ctx context.Context, runID int64, fn func(Transfer, []string) error) error {
	return db.View(ctx, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT t.id, COALESCE(t.provider_id, 0), COALESCE(t.budget_holder_id, 0), t.end_to_end_id, t.creditor_name, t.creditor_iban,
				t.amount_cents, t.declarations, t.state, t.reason, x.kind, x.id
			FROM payment_transfers t JOIN (
				SELECT payment_transfer_id AS tid, 'D' AS kind, id FROM declarations WHERE payment_run_id = ?
				UNION ALL
				SELECT payment_transfer_id AS tid, 'V' AS kind, id FROM free_amount_claims WHERE payment_run_id = ?
			) x ON x.tid = t.id
			WHERE t.run_id = ? ORDER BY t.purpose, t.id, x.id`, runID, runID, runID)
		if err != nil {
			return err
		}
		defer rows.Close()
		var cur Transfer
		var refs []string
		for rows.Next() {
			var tr Transfer
			var amount, itemID int64
			var state, kind string
			if err := rows.Scan(&tr.ID, &tr.ProviderID, &tr.HolderID, &tr.EndToEndID, &tr.Name, &tr.IBAN, &amount, &tr.Declarations, &state, &tr.Reason, &kind, &itemID); err != nil {
				return err
			}
			tr.RunID, tr.Amount, tr.State = runID, domain.Cents(amount), domain.TransferState(state)
			if tr.ID != cur.ID && cur.ID != 0 {
				if err := fn(cur, refs); err != nil {
					return err
				}
				refs = refs[:0]
			}
			cur = tr
			refs = append(refs, kind+strconv.FormatInt(itemID, 10))
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if cur.ID != 0 {
			return fn(cur, refs)
		}
		return nil
	})
}

// TransferByEndToEnd finds a transfer of a run by its EndToEndId.
func (t *Tx) TransferByEndToEnd(ctx context.Context, runID int64, e2e string) (Transfer, error) {
	var tr Transfer
	var amount int64
	var state string
	err := t.queryRow(ctx, `SELECT id, COALESCE(provider_id, 0), COALESCE(budget_holder_id, 0), end_to_end_id, creditor_name, creditor_iban, amount_cents, declarations, state, reason
		FROM payment_transfers WHERE run_id = ? AND end_to_end_id = ?`, runID, e2e).
		Scan(&tr.ID, &tr.ProviderID, &tr.HolderID, &tr.EndToEndID, &tr.Name, &tr.IBAN, &amount, &tr.Declarations, &state, &tr.Reason)
	tr.RunID, tr.Amount, tr.State = runID, domain.Cents(amount), domain.TransferState(state)
	return tr, notFound(err, "transfer")
}

// FailTransfer marks a transfer failed with the bank's reason: its
// declarations leave the run (accepted and unpaid again, their amount still
// reserved, the reason noted) and the provider's IBAN needs attention.
func (t *Tx) FailTransfer(ctx context.Context, tr Transfer, reason string, at time.Time) error {
	delete(t.providers, tr.ProviderID)
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`UPDATE payment_transfers SET state = ?, reason = ? WHERE id = ?`, []any{string(domain.TransferFailed), reason, tr.ID}},
		{`UPDATE declarations SET payment_run_id = NULL, payment_transfer_id = NULL, reason = ?, row_version = row_version + 1, updated_at = ?
			WHERE payment_transfer_id = ?`, []any{reason, at.UTC(), tr.ID}},
		{`UPDATE free_amount_claims SET payment_run_id = NULL, payment_transfer_id = NULL, reason = ?, updated_at = ? WHERE payment_transfer_id = ?`,
			[]any{reason, at.UTC(), tr.ID}},
		{`UPDATE providers SET iban_attention = ? WHERE id = ?`, []any{reason, tr.ProviderID}}, // no row for a budget holder's transfer
	} {
		if _, err := t.exec(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// ExecutePayRun books every open transfer of the run as executed, set-based:
// a "paid" posting per declaration (reserved → paid), the grant balances
// moved in one statement (the CHECK keeps paid + reserved <= granted), the
// declarations paid, and the run's counts.
func (t *Tx) ExecutePayRun(ctx context.Context, run PayRun, at time.Time) error {
	inRun := `SELECT d.grant_id, d.id, d.total_cents, 'declaration' AS ref FROM declarations d JOIN payment_transfers t ON t.id = d.payment_transfer_id
		WHERE t.run_id = ? AND t.state = ?
		UNION ALL
		SELECT c.grant_id, c.id, c.amount_cents, 'free_amount' AS ref FROM free_amount_claims c JOIN payment_transfers t ON t.id = c.payment_transfer_id
		WHERE t.run_id = ? AND t.state = ?`
	open := []any{run.ID, string(domain.TransferOpen), run.ID, string(domain.TransferOpen)}
	for _, s := range []struct {
		q    string
		args []any
	}{
		{`INSERT INTO postings (grant_id, kind, from_account, to_account, amount_cents, booking_date, ref_type, ref_id, created_at)
			SELECT x.grant_id, ` + t.param("TEXT") + `, ` + t.param("TEXT") + `, ` + t.param("TEXT") + `, x.total_cents, ` + t.param("DATE") + `,
			x.ref, x.id, ` + t.param("TIMESTAMPTZ") + ` FROM (` + inRun + `) x`,
			append([]any{"paid", "reserved", "paid", run.ExecutionDate, at.UTC()}, open...)},
		{`UPDATE grant_balances SET reserved_cents = reserved_cents - s.amount, paid_cents = paid_cents + s.amount
			FROM (SELECT x.grant_id AS gid, SUM(x.total_cents) AS amount FROM (` + inRun + `) x GROUP BY x.grant_id) s
			WHERE grant_balances.grant_id = s.gid`, open},
		{`UPDATE free_amount_claims SET state = ?, reason = '', updated_at = ?
			WHERE payment_transfer_id IN (SELECT id FROM payment_transfers WHERE run_id = ? AND state = ?)`,
			[]any{string(domain.DeclPaid), at.UTC(), run.ID, string(domain.TransferOpen)}},
		{`UPDATE declarations SET state = ?, reason = '', row_version = row_version + 1, updated_at = ?
			WHERE payment_transfer_id IN (SELECT id FROM payment_transfers WHERE run_id = ? AND state = ?)`,
			[]any{string(domain.DeclPaid), at.UTC(), run.ID, string(domain.TransferOpen)}},
		{`UPDATE payment_transfers SET state = ? WHERE run_id = ? AND state = ?`, []any{string(domain.TransferExecuted), run.ID, string(domain.TransferOpen)}},
		{`UPDATE payment_runs SET state = ?, updated_at = ?,
			executed_count = (SELECT COUNT(*) FROM payment_transfers WHERE run_id = ? AND state = ?),
			failed_count = (SELECT COUNT(*) FROM payment_transfers WHERE run_id = ? AND state = ?) WHERE id = ?`,
			[]any{string(domain.RunExecuted), at.UTC(), run.ID, string(domain.TransferExecuted), run.ID, string(domain.TransferFailed), run.ID}},
	} {
		if _, err := t.exec(ctx, s.q, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// ProviderTransfers lists a provider's transfers, newest first, with the
// run's execution date.
func (t *Tx) ProviderTransfers(ctx context.Context, providerID int64, limit int) ([]Transfer, error) {
	rows, err := t.query(ctx, `SELECT t.id, t.run_id, t.provider_id, t.end_to_end_id, t.creditor_name, t.creditor_iban, t.amount_cents, t.declarations, t.state, t.reason, r.execution_date
		FROM payment_transfers t JOIN payment_runs r ON r.id = t.run_id WHERE t.provider_id = ? ORDER BY t.id DESC LIMIT ?`, providerID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Transfer
	for rows.Next() {
		var tr Transfer
		var amount int64
		var state string
		if err := rows.Scan(&tr.ID, &tr.RunID, &tr.ProviderID, &tr.EndToEndID, &tr.Name, &tr.IBAN, &amount, &tr.Declarations, &state, &tr.Reason, &tr.ExecutionDate); err != nil {
			return nil, err
		}
		tr.Amount, tr.State = domain.Cents(amount), domain.TransferState(state)
		out = append(out, tr)
	}
	return out, rows.Err()
}

// TransferDeclarations lists the declarations paid (or to be paid) by a transfer.
func (t *Tx) TransferDeclarations(ctx context.Context, transferID int64) ([]int64, error) {
	rows, err := t.query(ctx, `SELECT id FROM declarations WHERE payment_transfer_id = ? ORDER BY id`, transferID)
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

// param is a placeholder whose type the database may not infer (in the
// select list of an INSERT ... SELECT): the dialect's Cast.
func (t *Tx) param(sqlType string) string {
	if t.db.d.Cast == nil {
		return "?"
	}
	return t.db.d.Cast(sqlType)
}

// IBANAttention is the reason a provider's last transfer failed ("" when
// its IBAN needs no attention).
func (t *Tx) IBANAttention(ctx context.Context, providerID int64) (string, error) {
	var s string
	err := t.queryRow(ctx, `SELECT iban_attention FROM providers WHERE id = ?`, providerID).Scan(&s)
	return s, notFound(err, "provider")
}
