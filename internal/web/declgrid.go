package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/i18n"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

// gridWeek is a week of the month grid (its days in the month), with the
// amount of what is filled in on them: the form shows it below the week.
type gridWeek struct {
	Num    int
	Days   []gridDay
	Amount domain.Cents
}

// gridDay is a day of the grid: Closed says why it is not offered (empty
// when it is).
type gridDay struct {
	Date   domain.Date
	Closed string
}

// gridWeeks groups the grid's days by ISO week and adds up, per week and
// for the whole declaration, the amount of the units filled in (at the
// agreed rates), the travel costs and a feestdagenuitkering: what the
// declaration asks of the budget, shown beside what will be left of it.
// Cells that do not parse count as nothing; the checks say what is wrong.
func gridWeeks(g service.MonthGrid, f *form, kind domain.DeclarationKind) ([]gridWeek, domain.Cents) {
	var weeks []gridWeek
	var total domain.Cents
	for _, d := range g.Days {
		if len(weeks) == 0 || d.Time().Weekday() == time.Monday {
			weeks = append(weeks, gridWeek{Num: domain.WeekOf(d).Num})
		}
		w := &weeks[len(weeks)-1]
		w.Days = append(w.Days, gridDay{Date: d, Closed: g.Closed[d]})
		if kind != domain.DeclCare || g.Closed[d] != "" {
			continue
		}
		for _, cl := range g.Lines {
			units, ok := parseHundredths(f.Get("u/" + d.String() + "/" + cl.CareType + "/" + string(cl.Unit)))
			if ok {
				w.Amount += domain.LineAmount(units, cl.Rate)
			}
		}
	}
	for _, w := range weeks {
		total += w.Amount
	}
	if km, ok := parseHundredths(f.Get("travel_km")); ok && kind != domain.DeclHolidayPay {
		total += domain.LineAmount(km, g.Terms.TravelPerKm)
	}
	if kind == domain.DeclHolidayPay {
		if a, ok := parseHundredths(f.Get("amount")); ok {
			total += domain.Cents(a)
		}
	}
	return weeks, total
}

// parseHundredths reads "2,5" as 250; false for empty, negative or
// malformed input.
func parseHundredths(s string) (int64, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, false
	}
	c, err := domain.ParseCents(s)
	if err != nil || c < 0 {
		return 0, false
	}
	return int64(c), true
}

func init() {
	funcs["int64"] = func(c domain.Cents) int64 { return int64(c) }
	funcs["inc"] = func(n int) int { return n + 1 }
}

func init() {
	funcs["longdate"] = func(lang string, d domain.Date) string { return d.Long(lang) }
}

// auditText says what an audit record's action did, in words: never its
// code (a citizen reads these in an agreement's history and in their own
// data). An action without its own text is named by its kind of object.
func auditText(lang, action string) string {
	if i18n.Has("audit.action." + action) {
		return i18n.T(lang, "audit.action."+action)
	}
	obj, rest, _ := strings.Cut(action, ".")
	switch {
	case obj == "declaration" && i18n.Has("decl.state."+rest):
		return i18n.T(lang, "audit.action.declaration_state", i18n.T(lang, "decl.state."+rest))
	case obj == "settlement" && i18n.Has("settlement.state."+rest):
		return i18n.T(lang, "audit.action.settlement_state", i18n.T(lang, "settlement.state."+rest))
	case i18n.Has("audit.object." + obj):
		return i18n.T(lang, "audit.action.other_on", i18n.T(lang, "audit.object."+obj))
	}
	return i18n.T(lang, "audit.action.other")
}

// auditObject names an audit record's object in words: "declaratie 12".
func auditObject(lang, objType string, id int64) string {
	if i18n.Has("audit.object." + objType) {
		return i18n.T(lang, "audit.object."+objType) + " " + strconv.FormatInt(id, 10)
	}
	return ""
}

// roleName names a role in words.
func roleName(lang, role string) string {
	if i18n.Has("role." + role) {
		return i18n.T(lang, "role."+role)
	}
	return ""
}

func init() {
	funcs["auditText"] = auditText
	funcs["auditObject"] = auditObject
	funcs["roleName"] = roleName
}

func init() {
	// monthKey names a month given as "2026-10": "oktober 2026".
	funcs["monthKey"] = func(lang, key string) string {
		d, err := domain.ParseDate(key + "-01")
		if err != nil {
			return key
		}
		return domain.MonthOf(d).Format(lang)
	}
}
