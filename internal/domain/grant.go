package domain

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// GrantLine is one line of a toekenning: a care function or class and the
// amount granted for it per full year.
type GrantLine struct {
	CareFunction string `json:"care_function"`
	Yearly       Cents  `json:"yearly_cents"`
}

// GrantRevision is one version of a grant's lines, in force from a date
// until the next revision (or the end of the grant). The first revision
// starts at the grant's start.
type GrantRevision struct {
	EffectiveFrom Date        `json:"effective_from"`
	Lines         []GrantLine `json:"lines"`
	Reason        string      `json:"reason,omitempty"`
}

// ProRata is the part of a yearly amount that belongs to period p: for each
// calendar year p touches, yearly × days-in-p-that-year / days-in-that-year,
// rounded half up to the cent. A whole calendar year yields exactly yearly;
// 29 February counts in a leap year's 366 days.
func ProRata(yearly Cents, p Period) Cents {
	if p.End.IsZero() || p.End.Before(p.Start) {
		return 0
	}
	var total Cents
	for y := p.Start.Year; y <= p.End.Year; y++ {
		seg, ok := p.Intersect(Period{Start: NewDate(y, 1, 1), End: NewDate(y, 12, 31)})
		if !ok {
			continue
		}
		total += Cents(mulDivHalfUp(int64(yearly), int64(seg.Days()), int64(DaysInYear(y))))
	}
	return total
}

// LinesTotal is the sum of the lines' yearly amounts.
func LinesTotal(lines []GrantLine) Cents {
	var t Cents
	for _, l := range lines {
		t += l.Yearly
	}
	return t
}

// GrantedAmount is the total a grant gives over its period: each revision's
// lines, pro rata over the days it is in force. Revisions must be sorted by
// EffectiveFrom (see SortRevisions).
func GrantedAmount(period Period, revs []GrantRevision) Cents {
	var total Cents
	for i, r := range revs {
		seg := Period{Start: r.EffectiveFrom, End: period.End}
		if i+1 < len(revs) {
			seg.End = revs[i+1].EffectiveFrom.AddDays(-1)
		}
		seg, ok := seg.Intersect(period)
		if !ok {
			continue
		}
		for _, l := range r.Lines {
			total += ProRata(l.Yearly, seg)
		}
	}
	return total
}

// SortRevisions orders revisions by the date they take effect.
func SortRevisions(revs []GrantRevision) {
	sort.SliceStable(revs, func(i, j int) bool { return revs[i].EffectiveFrom.Before(revs[j].EffectiveFrom) })
}

// MaxGrantYears bounds a grant's period; longer indications are re-granted.
const MaxGrantYears = 5

// ValidateGrantPeriod checks a grant's period: both ends set, start before
// end, at most MaxGrantYears long.
func ValidateGrantPeriod(v *Validation, p Period) {
	if p.Start.IsZero() {
		v.Add("start", "date_required")
	}
	if p.End.IsZero() {
		v.Add("end", "date_required")
	}
	if p.Start.IsZero() || p.End.IsZero() {
		return
	}
	if p.End.Before(p.Start) {
		v.Add("end", "end_before_start")
	} else if p.End.After(p.Start.AddMonths(12 * MaxGrantYears)) {
		v.Add("end", "period_too_long", MaxGrantYears)
	}
}

// MaxYearlyLine bounds one line's yearly amount (€ 1,000,000), a guard
// against a typo with too many zeros.
const MaxYearlyLine Cents = 100_000_000

// ValidateGrantLines checks lines: at least one, each with a care function
// and a positive amount, no care function twice. Field names are
// "lines[i].care_function" and "lines[i].yearly".
func ValidateGrantLines(v *Validation, lines []GrantLine) {
	if len(lines) == 0 {
		v.Add("lines", "lines_required")
		return
	}
	seen := map[string]bool{}
	for i, l := range lines {
		f := "lines[" + itoa(i) + "]"
		name := strings.TrimSpace(l.CareFunction)
		switch {
		case name == "":
			v.Add(f+".care_function", "care_function_required")
		case utf8.RuneCountInString(name) > 100:
			v.Add(f+".care_function", "too_long", 100)
		case seen[strings.ToLower(name)]:
			v.Add(f+".care_function", "care_function_twice")
		}
		seen[strings.ToLower(name)] = true
		if l.Yearly <= 0 {
			v.Add(f+".yearly", "amount_positive")
		} else if l.Yearly > MaxYearlyLine {
			v.Add(f+".yearly", "amount_too_high", MaxYearlyLine)
		}
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

// ValidateRevisionDate checks that a revision takes effect inside the grant
// period and after the last revision in force.
func ValidateRevisionDate(v *Validation, period Period, last Date, from Date) {
	switch {
	case from.IsZero():
		v.Add("effective_from", "date_required")
	case !period.Contains(from):
		v.Add("effective_from", "date_outside_grant", period.Start, period.End)
	case from == period.Start && last == period.Start:
		// edges: from the grant's first day, a revision replaces the amount
		// for the whole period.
	case !from.After(last):
		v.Add("effective_from", "revision_not_after_last", last)
	}
}

// FreeAmount is the vrij besteedbaar bedrag for a grant's year: 1.5 % of the
// yearly budget, at least € 250 and at most € 1,250 a year, pro rata for a
// part of the year.
func FreeAmount(yearlyBudget Cents, p Period) Cents {
	y := Cents(RoundHalfUp(int64(yearlyBudget)*15, 1000))
	if y < Euros(250, 0) {
		y = Euros(250, 0)
	}
	if y > Euros(1250, 0) {
		y = Euros(1250, 0)
	}
	return ProRata(y, p)
}

// Forecast tells a budget holder how long the budget lasts at the pace of
// spending so far: used (paid and reserved) over the days of the grant
// period that have passed, projected onto what is left.
type Forecast struct {
	PerMonth   Cents `json:"per_month_cents"`      // the average spent per 30 days so far
	LastsUntil Date  `json:"lasts_until,omitzero"` // the day the budget runs out at this pace (zero: it lasts the whole period)
	LeftAtEnd  Cents `json:"left_at_end_cents"`    // when it lasts: what is expected to be left at the end of the period
	Known      bool  `json:"known"`                // false before anything was spent or before the period began
}

// ForecastSpending projects spending at the pace of the days passed. The
// pace counts only whole days up to and including yesterday; it is in
// cents per day, rounded half up, so a single cent never decides.
func ForecastSpending(granted, used Cents, p Period, today Date) Forecast {
	if used <= 0 || !today.After(p.Start) {
		return Forecast{}
	}
	last := today.AddDays(-1)
	if last.After(p.End) {
		last = p.End
	}
	days := int64(Period{Start: p.Start, End: last}.Days())
	perDay := RoundHalfUp(int64(used), days)
	f := Forecast{PerMonth: Cents(perDay * 30), Known: true}
	left := int64(granted - used)
	if perDay <= 0 {
		f.LeftAtEnd = Cents(left)
		return f
	}
	remaining := int64(Period{Start: last.AddDays(1), End: p.End}.Days())
	if last.After(p.End) || last == p.End {
		remaining = 0
	}
	if left < perDay*remaining {
		f.LastsUntil = last.AddDays(int(left / perDay))
		return f
	}
	f.LeftAtEnd = Cents(left - perDay*remaining)
	return f
}

// GrantFreeAmount is the free amount of a grant now: from the yearly total
// of its latest revision, so that lowering the budget lowers it.
func GrantFreeAmount(g Grant) Cents {
	if !g.FreeAmount || len(g.Revisions) == 0 {
		return 0
	}
	return FreeAmount(LinesTotal(g.Revisions[len(g.Revisions)-1].Lines), g.Period)
}
