package synth

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// Work is a declaration still to be made on a generated agreement: who
// enters it, who approves it, and its lines.
type Work struct {
	AgreementID int64
	Provider    service.Actor
	Holder      service.Actor
	Month       domain.Date
	Lines       []domain.DeclLine
	Invoice     bool // a formal provider's: sent with its invoice
	InvoiceSize int  // the invoice PDF's size in bytes (0: about 400), padded with a stream that does not compress, as a real PDF's
}

// Input is the declaration as the provider enters it (rates empty: the
// agreed rates), with its invoice where the provider is formal.
func (w Work) Input() service.DeclarationInput {
	in := service.DeclarationInput{AgreementID: w.AgreementID, Month: w.Month.String()[:7]}
	for _, l := range w.Lines {
		in.Lines = append(in.Lines, service.DeclLineInput{Date: l.Date.String(), CareType: l.CareType, Unit: string(l.Unit), Units: domain.Cents(l.Units).Plain("nl")})
	}
	if w.Invoice {
		in.InvoiceNumber, in.InvoiceTotal = w.InvoiceNumber(), w.Total().Plain("nl")
		in.Files = []service.Upload{{Name: w.InvoiceNumber() + ".pdf", Data: w.InvoicePDF()}}
	}
	return in
}

// Total is what the lines come to.
func (w Work) Total() domain.Cents {
	var t domain.Cents
	for _, l := range w.Lines {
		t += l.Amount()
	}
	return t
}

// InvoiceNumber numbers the invoice of the agreement's month.
func (w Work) InvoiceNumber() string {
	return fmt.Sprintf("F-%d-%s", w.AgreementID, w.Month.String()[:7])
}

// InvoicePDF is a small PDF of the invoice (about 400 bytes, or
// InvoiceSize: the images and fonts of a real one are compressed streams,
// here bytes of a random stream seeded by the agreement).
func (w Work) InvoicePDF() []byte {
	b := fmt.Appendf(nil, "%%PDF-1.4\n%% factuur %s, totaal %s\n1 0 obj << /Type /Catalog >> endobj\n", w.InvoiceNumber(), w.Total().Plain("nl"))
	tail := "trailer << /Root 1 0 R >>\n%%EOF\n"
	if pad := w.InvoiceSize - len(b) - len(tail) - len("2 0 obj stream\n\nendstream endobj\n"); pad > 0 {
		r := rand.New(rand.NewPCG(uint64(w.AgreementID), 11))
		b = append(b, "2 0 obj stream\n"...)
		for range pad {
			b = append(b, byte(r.Uint32()))
		}
		b = append(b, "\nendstream endobj\n"...)
	}
	return append(b, tail...)
}

// FindWork selects up to n running agreements with providers of kind
// (informal care needs no invoice; a formal provider's declaration comes
// with one) that have few budget holders (no fraud signal) and no
// declaration for month yet, with the logins of both parties, and makes
// each one's declaration for month by repeating the previous month
// ("herhalen"), or from the agreed maximum per week when there is none.
// skip leaves out the first agreements found (to share them between runs).
func FindWork(ctx context.Context, db *store.DB, month domain.Date, kind domain.ProviderKind, n, skip int) ([]Work, error) {
	month = month.FirstOfMonth()
	type cand struct {
		ag, prov, bh            int64
		terms                   string
		provAcc, provRole       int64
		holdAcc, holdRole, repr int64
		holdRoleName            string
	}
	var cands []cand
	q := `SELECT a.id, a.provider_id, a.budget_holder_id, v.terms_json, pr.account_id, pr.id, hr.account_id, hr.id, COALESCE(hr.representation_id, 0), hr.role
		FROM agreements a
		JOIN providers p ON p.id = a.provider_id
		JOIN agreement_versions v ON v.agreement_id = a.id AND v.number = a.in_force_version
		JOIN account_roles pr ON pr.provider_id = a.provider_id AND pr.role = ?
		JOIN account_roles hr ON hr.budget_holder_id = a.budget_holder_id AND hr.role IN (?, ?)
		WHERE a.ended = ? AND a.in_force_version > 0 AND p.kind = ?
		  AND NOT EXISTS (SELECT 1 FROM declarations d WHERE d.agreement_id = a.id AND d.period_start = ?)
		  AND (SELECT COUNT(*) FROM agreements o WHERE o.provider_id = a.provider_id AND o.ended = ?) <= ?
		ORDER BY a.id LIMIT ? OFFSET ?`
	args := []any{string(domain.RoleProvider), string(domain.RoleBudgetHolder), string(domain.RoleRepresentative), false, string(kind),
		month, false, domain.ManyBudgetHolders(kind), n * 2, skip}
	err := db.RawQuery(ctx, q, args, func(rows *sql.Rows) error {
		var c cand
		if err := rows.Scan(&c.ag, &c.prov, &c.bh, &c.terms, &c.provAcc, &c.provRole, &c.holdAcc, &c.holdRole, &c.repr, &c.holdRoleName); err != nil {
			return err
		}
		if len(cands) > 0 && cands[len(cands)-1].ag == c.ag {
			return nil // a second login for the same budget holder
		}
		cands = append(cands, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("synth: find work: %w", err)
	}
	var out []Work
	for _, c := range cands {
		if len(out) == n {
			break
		}
		var terms domain.AgreementTerms
		if err := json.Unmarshal([]byte(c.terms), &terms); err != nil {
			return nil, fmt.Errorf("synth: agreement %d: %w", c.ag, err)
		}
		prev, err := previousLines(ctx, db, c.ag, month.AddMonths(-1))
		if err != nil {
			return nil, err
		}
		lines := repeat(prev, month)
		if len(lines) == 0 {
			lines = fromTerms(terms, month)
		}
		if len(lines) == 0 {
			continue
		}
		w := Work{AgreementID: c.ag, Month: month, Lines: lines, Invoice: kind.Formal(),
			Provider: service.Actor{AccountID: c.provAcc, Role: domain.AccountRole{ID: c.provRole, AccountID: c.provAcc, Role: domain.RoleProvider, ProviderID: c.prov}},
			Holder: service.Actor{AccountID: c.holdAcc, Role: domain.AccountRole{ID: c.holdRole, AccountID: c.holdAcc, Role: domain.Role(c.holdRoleName),
				BudgetHolderID: c.bh, RepresentationID: c.repr}}}
		out = append(out, w)
	}
	return out, nil
}

// previousLines reads the lines of the agreement's counting declaration
// for a month.
func previousLines(ctx context.Context, db *store.DB, agreementID int64, month domain.Date) ([]domain.DeclLine, error) {
	var out []domain.DeclLine
	err := db.RawQuery(ctx, `SELECT `+store.DeclLineCols+` FROM declaration_lines l JOIN declarations d ON d.id = l.declaration_id
		WHERE d.agreement_id = ? AND d.period_start = ? AND l.counts = ? ORDER BY l.day, l.id`, []any{agreementID, month, true}, func(rows *sql.Rows) error {
		l, err := store.ScanDeclLine(rows)
		out = append(out, l)
		return err
	})
	return out, err
}

// repeat puts last month's pattern on a new month: the same weekdays with
// the same units ("herhalen"); a monthly line comes back on the first same
// weekday.
func repeat(prev []domain.DeclLine, month domain.Date) []domain.DeclLine {
	type key struct {
		wd       time.Weekday
		careType string
		unit     domain.Unit
	}
	byDay := map[key]domain.DeclLine{}
	var order []key
	for _, l := range prev {
		k := key{l.Date.Time().Weekday(), l.CareType, l.Unit}
		if _, ok := byDay[k]; !ok {
			order = append(order, k)
		}
		byDay[k] = l
	}
	var out []domain.DeclLine
	for d := month; d.Month == month.Month; d = d.AddDays(1) {
		for _, k := range order {
			if k.wd != d.Time().Weekday() {
				continue
			}
			l := byDay[k]
			if l.Unit == domain.UnitEtmaal && d.Day > 7 {
				continue // respite: once a month
			}
			out = append(out, domain.DeclLine{Date: d, CareType: l.CareType, Unit: l.Unit, Units: l.Units, Rate: l.Rate})
		}
	}
	return out
}

// fromTerms makes a month of care from the agreement alone: each weekly
// line's maximum on Tuesdays (at most 8 hours a day), a monthly line once.
func fromTerms(t domain.AgreementTerms, month domain.Date) []domain.DeclLine {
	var out []domain.DeclLine
	for d := month; d.Month == month.Month; d = d.AddDays(1) {
		if d.Before(t.Start) {
			continue
		}
		for _, cl := range t.Lines {
			units := min(cl.MaxUnits, 800) / cl.Unit.Step() * cl.Unit.Step()
			switch {
			case units <= 0:
			case cl.Per == domain.PerWeek && d.Time().Weekday() == time.Tuesday:
				out = append(out, domain.DeclLine{Date: d, CareType: cl.CareType, Unit: cl.Unit, Units: units, Rate: cl.Rate})
			case cl.Per == domain.PerMonth && d.Day == 2:
				out = append(out, domain.DeclLine{Date: d, CareType: cl.CareType, Unit: cl.Unit, Units: min(units, 100), Rate: cl.Rate})
			}
		}
	}
	return out
}
