package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Decl is a generated declaration (without its id).
type Decl struct {
	Agreement  int32 // index in Plan.Agreements
	State      domain.DeclarationState
	D          domain.Declaration
	Findings   []domain.Finding
	EnteredBy  int64
	RowVersion int
	Created    time.Time
	Updated    time.Time
}

// declares reports whether agreement ai declares in history month mi: all
// of them when there are as many declarations a month as agreements,
// otherwise a fixed share chosen by the seed.
func (p *Plan) declares(ai, mi int) bool {
	cfg := p.Config
	if cfg.DeclarationsPerMonth >= len(p.Agreements) {
		return true
	}
	if cfg.DeclarationsPerMonth == 0 {
		return false
	}
	r := newRand(cfg.Seed, 20+uint64(mi), uint64(ai))
	return r.IntN(len(p.Agreements)) < cfg.DeclarationsPerMonth
}

// Lines are the days of care of agreement ai in the month that starts on
// month, as its patterns give them; r drops a day now and then (illness,
// holidays) when not nil.
func (p *Plan) Lines(ai int, month domain.Date, r *rand.Rand) []domain.DeclLine {
	a := &p.Agreements[ai]
	var out []domain.DeclLine
	for d := month; d.Month == month.Month; d = d.AddDays(1) {
		if d.Before(a.Terms.Start) {
			continue
		}
		wd := d.Time().Weekday()
		for _, pat := range a.Patterns {
			cl := a.Terms.Lines[pat.Line]
			switch {
			case pat.Monthly:
				if wd != time.Saturday || d.Day > 7 {
					continue
				}
			case pat.Weekdays&(1<<wd) == 0:
				continue
			}
			if r != nil && !pat.Monthly && r.IntN(100) < 4 {
				continue
			}
			out = append(out, domain.DeclLine{Date: d, CareType: cl.CareType, Unit: cl.Unit, Units: pat.Units, Rate: cl.Rate})
		}
	}
	return out
}

// Declaration makes agreement ai's declaration for history month mi, in a
// realistic state: most accepted, some refused (a rate above the agreed
// one, an invoice that does not match), some held for review, and in the
// last month some still waiting for the budget holder. ok is false when
// the agreement does not declare that month.
func (p *Plan) Declaration(ai, mi int) (Decl, bool) {
	if !p.declares(ai, mi) {
		return Decl{}, false
	}
	cfg := p.Config
	month := cfg.month(mi)
	r := newRand(cfg.Seed, 40+uint64(mi), uint64(ai))
	lines := p.Lines(ai, month, r)
	if len(lines) == 0 {
		return Decl{}, false
	}
	a := &p.Agreements[ai]
	h, pr := &p.Holders[a.Holder], &p.Providers[a.Provider]
	dc := Decl{Agreement: int32(ai), RowVersion: 3, EnteredBy: pr.AccountID, State: domain.DeclAccepted}
	if a.Terms.Kind == domain.AgreementFamily && r.IntN(4) == 0 {
		dc.EnteredBy = h.AccountID // informal care entered by the budget holder
	}
	period := domain.Period{Start: month, End: month.AddMonths(1).AddDays(-1)}
	dc.D = domain.Declaration{Kind: domain.DeclCare, Period: period, Lines: lines}
	formal := pr.Kind.Formal()
	total := dc.D.Total()
	if formal {
		dc.D.InvoiceNumber = fmt.Sprintf("%d%02d-%04d", month.Year, int(month.Month), 1+r.IntN(9999))
		dc.D.InvoiceTotal, dc.D.HasAttachment = total, true
	}
	x := r.IntN(1000)
	last := mi == cfg.Months-1
	switch {
	case last && x < 120:
		dc.State, dc.RowVersion = domain.DeclAtHolder, 2
	case (last && x < 150) || (!last && x < 15):
		dc.State = domain.DeclHeld
		if pr.Holders > domain.ManyBudgetHolders(pr.Kind) {
			dc.Findings = []domain.Finding{{Code: "signal_many_budget_holders", Args: []any{pr.Holders}}}
		} else {
			dc.Findings = []domain.Finding{{Code: "signal_hours_jump", Args: []any{total / 2, total}}}
		}
	case (last && x < 190) || (!last && x < 65):
		dc.State = domain.DeclRefused
		if formal {
			dc.D.InvoiceTotal += domain.Cents(1000 + 100*r.IntN(40))
			dc.Findings = []domain.Finding{{Code: "invoice_total_mismatch", Field: "invoice_total", Args: []any{total}}}
		} else {
			agreed := dc.D.Lines[0].Rate
			dc.D.Lines[0].Rate += 150
			dc.Findings = []domain.Finding{{Code: "rate_above_agreed", Field: "lines[0].rate", Args: []any{agreed}}}
		}
	}
	dc.D.SentToHolder = period.End.AddDays(1 + r.IntN(10))
	at := func(d domain.Date, hour int) time.Time {
		return time.Date(d.Year, d.Month, d.Day, hour, r.IntN(60), r.IntN(60), 0, domain.Amsterdam)
	}
	dc.Created = at(dc.D.SentToHolder, 8+r.IntN(4))
	dc.Updated = dc.Created.Add(time.Duration(1+r.IntN(30)) * time.Minute)
	if dc.State != domain.DeclAtHolder {
		dc.D.SubmittedByHolder = dc.D.SentToHolder.AddDays(r.IntN(7))
		dc.Updated = at(dc.D.SubmittedByHolder, 13+r.IntN(8))
	}
	return dc, true
}

// CheckCase is a declaration with everything the checks need, gathered
// the way the service gathers it: for benchmarking domain.Check alone.
type CheckCase struct {
	D  domain.Declaration
	In domain.CheckInput
}

// CheckCases makes up to n declarations of BenchMonth with their check
// input: the provider's hours with its other budget holders on those days
// and weeks, its history, the tariff table and the grant's balance.
func (p *Plan) CheckCases(n int) []CheckCase {
	cfg := p.Config
	month := cfg.BenchMonth()
	today := domain.Today(cfg.Clock())
	var out []CheckCase
	for ai := 0; ai < len(p.Agreements) && len(out) < n; ai++ {
		a := &p.Agreements[ai]
		h, pr := &p.Holders[a.Holder], &p.Providers[a.Provider]
		lines := p.Lines(ai, month, nil)
		if len(lines) == 0 {
			continue
		}
		g := p.Grant(h)
		d := domain.Declaration{Kind: domain.DeclCare, Period: domain.Period{Start: month, End: month.AddMonths(1).AddDays(-1)}, Lines: lines,
			SentToHolder: today, SubmittedByHolder: today, HasAttachment: pr.Kind.Formal()}
		d.InvoiceTotal = d.Total()
		law, orgID := h.Law, p.Orgs[h.Org].ID
		in := domain.CheckInput{Today: today, Law: law, GrantPeriod: g.Period, ProviderKind: pr.Kind, IBAN: pr.IBAN,
			Agreement: []domain.AgreementPeriod{{Period: domain.Period{Start: a.Terms.Start}, Terms: a.Terms}},
			MaxRate: func(careType string, kind domain.ProviderKind) (domain.Cents, bool) {
				return p.Tariffs(law, careType, kind, orgID)
			},
			Left:     g.Total() * domain.Cents(12-int(month.Month)+1) / 12,
			Declared: map[domain.DupKey]bool{}, ProviderDayUnits: map[domain.Date]int64{}, ProviderWeekUnits: map[domain.Week]int64{},
			ProviderHolders: pr.Holders, ProviderHoursHistory: []int64{pr.weekHours * 43 / 10, pr.weekHours * 43 / 10, pr.weekHours * 43 / 10},
		}
		// Other budget holders' hours on the same days and weeks.
		var own [7]int64
		for _, pat := range a.Patterns {
			if !pat.Monthly && a.Terms.Lines[pat.Line].Unit == domain.UnitHour {
				for wd := range 7 {
					if pat.Weekdays&(1<<wd) != 0 {
						own[wd] += pat.Units
					}
				}
			}
		}
		for day := d.Period.Start.AddDays(-6); !day.After(d.Period.End.AddDays(6)); day = day.AddDays(1) {
			wd := day.Time().Weekday()
			if other := pr.dayHours[wd] - own[wd]; other > 0 {
				in.ProviderDayUnits[day] += other
				in.ProviderWeekUnits[domain.WeekOf(day)] += other
			}
		}
		out = append(out, CheckCase{D: d, In: in})
	}
	return out
}
