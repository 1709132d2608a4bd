package domain

// DeadlineToHolder is the last day a declaration for period reaches the
// budget holder in time: six weeks after the period's end, or after the
// grant's decision for a grant decided later (see DeadlineFrom). A
// declaration sent later is refused as late at approval, unless the
// verstrekker allows it.
func DeadlineToHolder(period Period, grantDecidedOn Date) Date {
	from := period.End
	if grantDecidedOn.After(from) {
		from = grantDecidedOn
	}
	return from.AddDays(7 * WeeksToHolder)
}

// Why a day of the month grid is not offered.
const (
	DayOutsideGrant     = "day_outside_grant"
	DayOutsideAgreement = "day_outside_agreement"
)

// DayClosed says why day d cannot be declared on an agreement in force over
// the periods of agreement, under a grant over grant: "" when it can (both
// are in force that day), else DayOutsideGrant or DayOutsideAgreement. The
// checks refuse such a day (date_outside_period, agreement_not_in_force), so
// the grid does not offer it.
func DayClosed(d Date, agreement []AgreementPeriod, grant Period) string {
	if !grant.Contains(d) {
		return DayOutsideGrant
	}
	for _, ap := range agreement {
		if ap.Period.Contains(d) {
			return ""
		}
	}
	return DayOutsideAgreement
}

// DeclarableMonth is a month that may still be declared, with the last day
// its declaration reaches the budget holder in time.
type DeclarableMonth struct {
	First    Date // the 1st of the month
	Deadline Date
}

// Month is the month as people name it.
func (m DeclarableMonth) Month() Month { return MonthOf(m.First) }

// Key is the month as the form carries it: "2026-10".
func (m DeclarableMonth) Key() string { return m.First.String()[:7] }

// DeclarableMonths lists the months a provider may still declare on an
// agreement today, oldest (most pressing) first: months that have ended, on
// at least one day of which both the agreement and the grant are in force,
// that have no declaration yet (declared holds their 1st days), and whose
// deadline to the budget holder has not passed.
func DeclarableMonths(today Date, agreement []AgreementPeriod, grant Period, grantDecidedOn Date, declared map[Date]bool) []DeclarableMonth {
	var out []DeclarableMonth
	from := today.FirstOfMonth().AddMonths(-24) // beyond any deadline, even of a late grant
	if s := grant.Start.FirstOfMonth(); s.After(from) {
		from = s
	}
	for m := from; m.Before(today.FirstOfMonth()); m = m.AddMonths(1) {
		p := Period{Start: m, End: m.AddMonths(1).AddDays(-1)}
		if declared[m] || !p.End.Before(today) {
			continue
		}
		deadline := DeadlineToHolder(p, grantDecidedOn)
		if deadline.Before(today) {
			continue
		}
		for d := p.Start; !d.After(p.End); d = d.AddDays(1) {
			if DayClosed(d, agreement, grant) == "" {
				out = append(out, DeclarableMonth{First: m, Deadline: deadline})
				break
			}
		}
	}
	return out
}
