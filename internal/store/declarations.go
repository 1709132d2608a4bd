package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// DeclarationRow is a stored declaration.
type DeclarationRow struct {
	ID             int64                   `json:"id"`
	AgreementID    int64                   `json:"agreement_id"`
	BudgetHolderID int64                   `json:"budget_holder_id"`
	ProviderID     int64                   `json:"provider_id"`
	GrantID        int64                   `json:"grant_id"`
	VerstrekkerID  int64                   `json:"verstrekker_id"` // the grant's: a verstrekker's list is one index range
	State          domain.DeclarationState `json:"state"`
	D              domain.Declaration      `json:"-"`
	Total          domain.Cents            `json:"total_cents"`
	Findings       []domain.Finding        `json:"findings"`
	Reason         string                  `json:"reason,omitempty"`
	RowVersion     int                     `json:"row_version"`
	Source         string                  `json:"source"` // portaal, api, csv, papier
	EnteredBy      int64                   `json:"-"`
	CreatedAt      time.Time               `json:"created_at"`
	UpdatedAt      time.Time               `json:"updated_at"`
}

// CreateDeclaration stores a declaration with its lines.
func (t *Tx) CreateDeclaration(ctx context.Context, r DeclarationRow) (int64, error) {
	if r.Source == "" {
		r.Source = "portaal"
	}
	findings, _ := json.Marshal(r.Findings)
	id, err := t.insert(ctx, `INSERT INTO declarations (agreement_id, budget_holder_id, provider_id, grant_id, kind, period_start, period_end, state,
		invoice_number, invoice_total_cents, total_cents, has_attachment, travel_km, travel_per_km_cents, amount_cents, source, entered_by, created_at, updated_at,
		sent_to_holder, submitted_by_holder, findings_json, reason, verstrekker_id) VALUES `+valueRows(1, 24),
		r.AgreementID, r.BudgetHolderID, r.ProviderID, r.GrantID, string(r.D.Kind), r.D.Period.Start, r.D.Period.End, string(r.State),
		r.D.InvoiceNumber, int64(r.D.InvoiceTotal), int64(r.D.Total()), r.D.HasAttachment, r.D.TravelKm, int64(r.D.TravelPerKm), int64(r.D.Amount), r.Source,
		r.EnteredBy, r.CreatedAt.UTC(), r.CreatedAt.UTC(), r.D.SentToHolder, r.D.SubmittedByHolder, string(findings), r.Reason, r.VerstrekkerID)
	if err != nil {
		return 0, err
	}
	t.hold(id)
	t.countDeclaration(r.State)
	// The lines in multi-row INSERTs: a month of days is one round trip.
	const perInsert = 50
	for start := 0; start < len(r.D.Lines); start += perInsert {
		chunk := r.D.Lines[start:min(start+perInsert, len(r.D.Lines))]
		args := make([]any, 0, len(chunk)*10)
		for _, l := range chunk {
			args = append(args, id, r.ProviderID, r.BudgetHolderID, l.Date, l.CareType, string(l.Unit), l.Units, int64(l.Rate), int64(l.Amount()), r.State.Counts())
		}
		q := `INSERT INTO declaration_lines (declaration_id, provider_id, budget_holder_id, day, care_type, unit, units, rate_cents, amount_cents, counts) VALUES ` +
			valueRows(len(chunk), 10)
		if err := t.later(ctx, q, args...); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// DeclarationByID loads a declaration with its lines (one round trip where
// the database batches); lock takes its row lock.
func (t *Tx) DeclarationByID(ctx context.Context, id int64, lock bool) (DeclarationRow, error) {
	return t.declaration(ctx, id, lock, nil)
}

// DeclarationWithAgreement is DeclarationByID with the declaration's
// agreement, in the same round trip.
func (t *Tx) DeclarationWithAgreement(ctx context.Context, id int64, lock bool) (DeclarationRow, domain.Agreement, error) {
	var a domain.Agreement
	r, err := t.declaration(ctx, id, lock, &a)
	return r, a, err
}

func (t *Tx) declaration(ctx context.Context, id int64, lock bool, ag *domain.Agreement) (DeclarationRow, error) {
	q := `SELECT id, agreement_id, budget_holder_id, provider_id, grant_id, kind, period_start, period_end, state, invoice_number, invoice_total_cents,
		total_cents, has_attachment, sent_to_holder, submitted_by_holder, late_allowed, findings_json, reason, row_version, entered_by, created_at, updated_at,
		travel_km, travel_per_km_cents, amount_cents, source, verstrekker_id
		FROM declarations WHERE id = ?`
	if lock {
		q += " " + t.db.d.ForUpdate
	}
	var r DeclarationRow
	var lines []domain.DeclLine
	qs := []BatchQuery{{SQL: q, Args: []any{id}, Scan: one(func(rows Rows) error {
		var kind, state, findings string
		var invoice, total, perKm, amount int64
		err := rows.Scan(&r.ID, &r.AgreementID, &r.BudgetHolderID, &r.ProviderID, &r.GrantID, &kind, &r.D.Period.Start, &r.D.Period.End, &state,
			&r.D.InvoiceNumber, &invoice, &total, &r.D.HasAttachment, &r.D.SentToHolder, &r.D.SubmittedByHolder, &r.D.LateAllowed, &findings, &r.Reason, &r.RowVersion,
			&r.EnteredBy, &r.CreatedAt, &r.UpdatedAt, &r.D.TravelKm, &perKm, &amount, &r.Source, &r.VerstrekkerID)
		r.D.Kind, r.State, r.D.InvoiceTotal, r.Total = domain.DeclarationKind(kind), domain.DeclarationState(state), domain.Cents(invoice), domain.Cents(total)
		r.D.TravelPerKm, r.D.Amount = domain.Cents(perKm), domain.Cents(amount)
		_ = json.Unmarshal([]byte(findings), &r.Findings)
		return err
	})}, BatchQuery{SQL: `SELECT ` + DeclLineCols + ` FROM declaration_lines WHERE declaration_id = ? ORDER BY day, id`, Args: []any{id},
		Scan: func(rows Rows) error {
			for rows.Next() {
				l, err := ScanDeclLine(rows)
				if err != nil {
					return err
				}
				lines = append(lines, l)
			}
			return nil
		}}}
	if ag != nil {
		qs = append(qs, t.agreementQuery(`a.id = (SELECT agreement_id FROM declarations WHERE id = ?)`, id, ag))
	}
	if err := t.batch(ctx, qs...); err != nil {
		return r, notFound(err, "declaration")
	}
	if lock {
		t.hold(id)
	}
	r.D.Lines = lines
	return r, nil
}

// DeclLineCols are the columns ScanDeclLine reads, in order.
const DeclLineCols = `day, care_type, unit, units, rate_cents`

// ScanDeclLine reads a declaration line of DeclLineCols.
func ScanDeclLine(s interface{ Scan(...any) error }) (domain.DeclLine, error) {
	var l domain.DeclLine
	var unit string
	var rate int64
	err := s.Scan(&l.Date, &l.CareType, &unit, &l.Units, &rate)
	l.Unit, l.Rate = domain.Unit(unit), domain.Cents(rate)
	return l, err
}

// SaveDeclaration writes state, dates, findings and reason if nobody changed
// it since it was read; its lines count for other declarations' checks
// while the state says so (was is the state they were stored for: they are
// written only when that changes).
func (t *Tx) SaveDeclaration(ctx context.Context, r DeclarationRow, was domain.DeclarationState, at time.Time) error {
	findings, _ := json.Marshal(r.Findings)
	q := `UPDATE declarations SET state = ?, sent_to_holder = ?, submitted_by_holder = ?, late_allowed = ?, findings_json = ?, reason = ?,
		row_version = row_version + 1, updated_at = ? WHERE id = ? AND row_version = ?`
	args := []any{string(r.State), r.D.SentToHolder, r.D.SubmittedByHolder, r.D.LateAllowed, string(findings), r.Reason, at.UTC(), r.ID, r.RowVersion}
	if t.held[r.ID] {
		// Created in this transaction or read under its row lock, the row
		// is as read unless the caller's version is wrong: a miss is the
		// program's error, and the write can wait for the next round trip.
		if err := t.laterOne(ctx, q, args...); err != nil {
			return err
		}
	} else if saved, err := t.execChanged(ctx, q, args...); err != nil {
		return err
	} else if !saved {
		return domain.Conflict("declaration_changed")
	}
	if r.State != was {
		t.countDeclaration(r.State)
	}
	if was.Counts() == r.State.Counts() || len(r.D.Lines) == 0 {
		return nil
	}
	return t.later(ctx, `UPDATE declaration_lines SET counts = ? WHERE declaration_id = ?`, r.State.Counts(), r.ID)
}

// Declarations lists declarations by party (zero fields do not filter),
// newest first.
func (t *Tx) Declarations(ctx context.Context, bhID, providerID, verstrekkerID int64, limit int) ([]DeclarationRow, error) {
	return t.DeclarationsFrom(ctx, bhID, providerID, verstrekkerID, limit, 0)
}

// DeclarationsFrom is Declarations from the offset-th (a page of the API's
// list, paged by the database).
func (t *Tx) DeclarationsFrom(ctx context.Context, bhID, providerID, verstrekkerID int64, limit, offset int) ([]DeclarationRow, error) {
	q := `SELECT d.id FROM declarations d JOIN grants g ON g.id = d.grant_id WHERE 1 = 1`
	var args []any
	if bhID != 0 {
		q += ` AND d.budget_holder_id = ?`
		args = append(args, bhID)
	}
	if providerID != 0 {
		q += ` AND d.provider_id = ?`
		args = append(args, providerID)
	}
	if verstrekkerID != 0 {
		q += ` AND g.verstrekker_id = ?`
		args = append(args, verstrekkerID)
	}
	rows, err := t.query(ctx, q+` ORDER BY d.id DESC LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []DeclarationRow
	for _, id := range ids {
		r, err := t.DeclarationByID(ctx, id, false)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// ProviderDaysSQL reads the provider's counted lines around r's period
// (a week either side), from one covering index in the order of its days
// and summed by the database (an institution has thousands of lines a
// month): a row per day with its hours over all its budget holders (24
// hours a day, 40 a week) and the care types it declared that day for r's
// budget holder (duplicates). pgb bench shows its plan.
func ProviderDaysSQL(d Dialect, r DeclarationRow) (string, []any) {
	from, to := r.D.Period.Start.AddDays(-6), r.D.Period.End.AddDays(6)
	return `SELECT l.day, SUM(CASE WHEN l.unit = ? THEN l.units ELSE 0 END),
			COALESCE(` + fmt.Sprintf(d.GroupConcat, `CASE WHEN l.budget_holder_id = ? THEN l.care_type END`) + `, '')
		FROM declaration_lines l WHERE l.provider_id = ? AND l.counts = ? AND l.day BETWEEN ? AND ? AND l.declaration_id <> ?
		GROUP BY l.day`, []any{string(domain.UnitHour), r.BudgetHolderID, r.ProviderID, true, from, to, r.ID}
}

// factsQueries gather, by index, what the checks and the fraud signals need
// to know about other declarations (for LoadCheckContext), in two
// statements: the provider's hours per day around the period over all its
// budget holders (24 hours a day, 40 a week) with the care types it
// declared for this budget holder (duplicates), and one row of counts:
// whether the agreement has a declaration for the month, its sick reports
// (then read by sickDays), the budget holder's respite care this year, the
// providers sharing the IBAN, the provider's budget holders and its hours
// in each of the three months before.
func factsQueries(d Dialect, r DeclarationRow, in *domain.CheckInput, sickReports *int, approval bool) []BatchQuery {
	in.Declared = map[domain.DupKey]bool{}
	in.ProviderDayUnits = map[domain.Date]int64{}
	in.ProviderWeekUnits = map[domain.Week]int64{}
	q, args := ProviderDaysSQL(d, r)
	lines := BatchQuery{SQL: q, Args: args,
		Scan: func(rows Rows) error {
			for rows.Next() {
				var day domain.Date
				var hours int64
				var careTypes string
				if err := rows.Scan(&day, &hours, &careTypes); err != nil {
					return err
				}
				for _, ct := range strings.Split(careTypes, ",") {
					if ct != "" {
						in.Declared[domain.DupKey{Date: day, CareType: ct}] = true
					}
				}
				if hours != 0 {
					in.ProviderDayUnits[day] += hours
					in.ProviderWeekUnits[domain.WeekOf(day)] += hours
				}
			}
			return nil
		}}
	facts := FactQueries(r)
	if !approval {
		// The rest feed the fraud signals only, which are judged at
		// approval (domain.RunsAt): entry does not read them.
		facts = facts[:entryFacts]
	}
	parts := make([]string, len(facts))
	var factArgs []any
	for i, f := range facts {
		parts[i] = "(" + f.SQL + ")"
		factArgs = append(factArgs, f.Args...)
	}
	counts := BatchQuery{SQL: "SELECT " + strings.Join(parts, ",\n\t\t"), Args: factArgs, Scan: one(func(rows Rows) error {
		var monthDeclared int
		var respite, h1, h2, h3 sql.NullInt64
		dest := []any{&monthDeclared, sickReports, &respite, &in.ProvidersSharingIBAN, &in.ProviderHolders, &h1, &h2, &h3}
		if err := rows.Scan(dest[:len(facts)]...); err != nil {
			return err
		}
		in.AgreementMonthDeclared = monthDeclared > 0
		in.RespiteEtmalenYear = respite.Int64
		if approval {
			in.ProviderHoursHistory = []int64{h1.Int64, h2.Int64, h3.Int64}
		}
		return nil
	})}
	return []BatchQuery{lines, counts}
}

// entryFacts is how many of FactQueries the checks at entry read: the
// month's declaration, the sick reports and the respite care of the year.
// The others (a shared IBAN, the provider's budget holders, its hours
// before) are the fraud signals' facts, judged at approval only.
const entryFacts = 3

// FactQuery is one of the subqueries of the checks' row of counts.
type FactQuery struct {
	Name, SQL string
	Args      []any
}

// FactQueries are the subqueries of the row of counts factsQueries reads
// for r, in the order of its columns (pgb bench times and explains each):
// whether the agreement has a declaration for the month, its sick reports,
// the budget holder's respite care this year, the providers sharing the
// IBAN, the provider's budget holders and its hours in each of the three
// months before.
func FactQueries(r DeclarationRow) []FactQuery {
	year := r.D.Period.Start.Year
	first := r.D.Period.Start.FirstOfMonth()
	hours := func(from, to domain.Date) FactQuery {
		return FactQuery{"provider's hours in " + from.String()[:7], `SELECT SUM(units) FROM declaration_lines WHERE provider_id = ? AND counts = ? AND unit = ? AND day >= ? AND day < ?`,
			[]any{r.ProviderID, true, string(domain.UnitHour), from, to}}
	}
	// "ended = FALSE" and "kind || ''" keep SQLite from matching a bound
	// value against a partial index's condition (agreements_one_running,
	// declarations_one_wage): a plan that depends on a bound value makes it
	// compile the statement again each time that value changes.
	return []FactQuery{
		{"agreement's declaration this month", `SELECT COUNT(*) FROM declarations WHERE agreement_id = ? AND period_start = ? AND kind || '' = ? AND id <> ? AND state IN (?, ?, ?, ?)`,
			[]any{r.AgreementID, r.D.Period.Start, string(r.D.Kind), r.ID, string(domain.DeclAtHolder), string(domain.DeclAccepted), string(domain.DeclHeld), string(domain.DeclPaid)}},
		{"sick reports", `SELECT COUNT(*) FROM sick_reports WHERE agreement_id = ?`, []any{r.AgreementID}},
		{"respite this year", `SELECT SUM(units) FROM declaration_lines WHERE budget_holder_id = ? AND care_type = ? AND unit = ? AND counts = ? AND day BETWEEN ? AND ? AND declaration_id <> ?`,
			[]any{r.BudgetHolderID, "kortdurend_verblijf", string(domain.UnitEtmaal), true, domain.NewDate(year, 1, 1), domain.NewDate(year, 12, 31), r.ID}},
		{"providers sharing the IBAN", `SELECT COUNT(*) FROM providers o JOIN providers p ON p.iban = o.iban WHERE p.id = ? AND o.id <> p.id`, []any{r.ProviderID}},
		{"provider's budget holders", `SELECT COUNT(DISTINCT budget_holder_id) FROM agreements WHERE provider_id = ? AND ended = FALSE`, []any{r.ProviderID}},
		hours(first.AddMonths(-3), first.AddMonths(-2)),
		hours(first.AddMonths(-2), first.AddMonths(-1)),
		hours(first.AddMonths(-1), first),
	}
}

// sickDays marks the days of the period the employee was reported sick
// (read only when the agreement has sick reports).
func (t *Tx) sickDays(ctx context.Context, r DeclarationRow, reports int, in *domain.CheckInput) error {
	in.SickDays = map[domain.Date]bool{}
	if reports == 0 {
		return nil
	}
	sick, err := t.SickReports(ctx, r.AgreementID)
	if err != nil {
		return err
	}
	for _, sr := range sick {
		d := sr.From
		if d.Before(r.D.Period.Start) {
			d = r.D.Period.Start
		}
		for ; !d.After(r.D.Period.End) && (sr.Recovered.IsZero() || d.Before(sr.Recovered)); d = d.AddDays(1) {
			in.SickDays[d] = true
		}
	}
	return nil
}
