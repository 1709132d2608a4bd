package domain

// DeclarationKind is the kind of a declaratie.
type DeclarationKind string

const (
	DeclCare       DeclarationKind = "zorg"                // care delivered under an agreement
	DeclTravel     DeclarationKind = "reiskosten"          // travel costs
	DeclFreeAmount DeclarationKind = "vrij_besteedbaar"    // the free amount (vrij besteedbaar bedrag)
	DeclHolidayPay DeclarationKind = "feestdagenuitkering" // holiday payment for employees
)

// DeclarationKinds are the kinds a provider or budget holder enters on an
// agreement (the free amount is claimed on the grant, not here).
var DeclarationKinds = []DeclarationKind{DeclCare, DeclTravel, DeclHolidayPay}

// Valid reports whether k is a known kind.
func (k DeclarationKind) Valid() bool {
	switch k {
	case DeclCare, DeclTravel, DeclFreeAmount, DeclHolidayPay, DeclWage:
		return true
	}
	return false
}

// AllowedOn reports whether a declaration of kind k may be entered on an
// agreement of kind a: the feestdagenuitkering is for employees only.
func (k DeclarationKind) AllowedOn(a AgreementKind) bool {
	switch k {
	case DeclCare, DeclTravel:
		return true
	case DeclHolidayPay:
		return a == AgreementEmployment
	}
	return false
}

// HasLines reports whether the kind is declared per day; travel costs and
// the feestdagenuitkering are an amount (or kilometres) for the period.
func (k DeclarationKind) HasLines() bool { return k == DeclCare }

// DeclLine is one line of a declaration: a day, a care line of the
// agreement, units (hundredths) at a rate.
type DeclLine struct {
	Date     Date   `json:"date"`
	CareType string `json:"care_type"`
	Unit     Unit   `json:"unit"`
	Units    int64  `json:"units"` // hundredths: 1.25 hours = 125
	Rate     Cents  `json:"rate_cents"`
}

// Amount is units × rate, rounded half up to the cent.
func (l DeclLine) Amount() Cents { return LineAmount(l.Units, l.Rate) }

// Declaration is what the checks look at.
type Declaration struct {
	Kind          DeclarationKind
	Period        Period // usually a calendar month
	Lines         []DeclLine
	TravelKm      int64 // hundredths of a km
	TravelPerKm   Cents
	Amount        Cents // an amount without lines: the feestdagenuitkering
	InvoiceNumber string
	InvoiceTotal  Cents // as on the invoice
	HasAttachment bool
	// When it moved: sent by the provider to the budget holder, and
	// submitted by the budget holder to the checks.
	SentToHolder      Date
	SubmittedByHolder Date
	LateAllowed       bool // staff allowed a late declaration
}

// Total is the sum of the lines and the travel costs.
func (d Declaration) Total() Cents {
	var t Cents
	for _, l := range d.Lines {
		t += l.Amount()
	}
	return t + d.TravelAmount() + d.Amount
}

// TravelAmount is kilometres × the rate per km, rounded half up.
func (d Declaration) TravelAmount() Cents { return LineAmount(d.TravelKm, d.TravelPerKm) }

// AgreementPeriod is one agreement version in force over a period.
type AgreementPeriod struct {
	Period Period
	Terms  AgreementTerms
}

// CheckInput is everything the checks need, gathered by the service in the
// transaction that accepts the declaration. The checks themselves do no I/O.
type CheckInput struct {
	Today        Date
	Law          Law
	GrantPeriod  Period
	Agreement    []AgreementPeriod // approved versions in force, by period
	ProviderKind ProviderKind
	MaxRate      TariffLookup
	Left         Cents // granted − reserved − paid on the grant now
	IBAN         IBAN
	IBANBlocked  bool
	// Other declarations that are already accepted or on their way.
	Declared               map[DupKey]bool // lines declared before (same provider and budget holder)
	ProviderDayUnits       map[Date]int64  // hours (hundredths) the provider declared per day, all budget holders
	ProviderWeekUnits      map[Week]int64  // hours per ISO week, all budget holders
	AgreementMonthDeclared bool            // this agreement already has a declaration for this month
	RespiteEtmalenYear     int64           // etmalen of logeren declared this calendar year (hundredths)
	SickDays               map[Date]bool   // days the employee was reported sick (employment agreements)
	// Fraud signals.
	ProvidersSharingIBAN int     // other, unrelated providers paid to the same IBAN
	ProviderHolders      int     // budget holders the provider declares for
	ProviderHoursHistory []int64 // the provider's hours in earlier months (hundredths), oldest first
	// The provider is also the budget holder's representative during the
	// period (see selfdealing.go): held for the verstrekker's review.
	ProviderRepresentsHolder bool
	// edges: the grant's decision date (deadlines of months before it count
	// from it), whether its settlement is made (no new reservation), and the
	// nights of respite care other providers declared for the budget holder.
	GrantDecidedOn         Date
	GrantSettled           bool
	RespiteNightsElsewhere map[Date]bool
}

// Finding is a failed check or a fraud signal: a stable code, where (a
// field, e.g. "lines[3].units"), and the message's arguments.
type Finding struct {
	Code  string `json:"code"`
	Field string `json:"field,omitempty"`
	Args  []any  `json:"args,omitempty"`
}

// Limits from the rules (DOMAIN.md).
const (
	MaxHoursPerDay    = 2400 // 24 hours, in hundredths
	MaxHoursPerWeek   = 4000 // 40 hours a week per provider (institutions excepted)
	MaxRespiteEtmalen = 15600
	WeeksToHolder     = 6 // provider → budget holder after the period
	WeeksToSubmit     = 4 // budget holder → checks after receiving it
)

// DupKey identifies a declared day of care: the same provider, budget
// holder, date and care type must not be declared twice (the service
// scopes Declared to one provider and budget holder).
type DupKey struct {
	Date     Date
	CareType string
}

// Week is an ISO week.
type Week struct{ Year, Num int }

// WeekOf is the ISO week of a date.
func WeekOf(d Date) Week {
	y, w := d.Time().ISOWeek()
	return Week{y, w}
}

// String names the week, e.g. "2026-W05".
func (w Week) String() string { return itoa(w.Year) + "-W" + twoDigits(w.Num) }

func twoDigits(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}

// termsOn returns the agreement terms in force on d.
func termsOn(in CheckInput, d Date) (AgreementTerms, bool) {
	for _, ap := range in.Agreement {
		if ap.Period.Contains(d) {
			return ap.Terms, true
		}
	}
	return AgreementTerms{}, false
}

// Check runs the built-in checks (controles) on a care declaration and
// returns every failure (refusals) and every fraud signal (holds). It is a
// pure function: the same input gives the same findings.
func Check(d Declaration, in CheckInput) (refusals, signals []Finding) {
	var c checker
	c.period(d, in)
	terms := declaredTerms(d, in)
	c.kind(d, in, terms)
	c.travel(d, terms)
	lines := c.lines(d, in)
	total := d.Total()
	c.budget(total, in)
	c.payment(d, in, total)
	refusals = append(c.refusals, checkGrantSettled(in)...)
	return dedupe(refusals), fraudSignals(d, in, lines)
}

// checker gathers the refusals of Check's steps, in the order they run.
type checker struct{ refusals []Finding }

func (c *checker) add(code, field string, args ...any) {
	c.refusals = append(c.refusals, Finding{code, field, args})
}

// period: the declared period has passed (2); one declaration per
// agreement per month (9); the deadlines, 6 weeks to the budget holder,
// then 4 weeks to submit (10), unless staff allowed it late.
func (c *checker) period(d Declaration, in CheckInput) {
	if !d.Period.End.Before(in.Today) {
		c.add("period_not_passed", "period", d.Period.End)
	}
	if in.AgreementMonthDeclared {
		c.add("second_declaration_month", "period")
	}
	if d.LateAllowed {
		return
	}
	if !d.SentToHolder.IsZero() && d.SentToHolder.After(DeadlineFrom(d, in).AddDays(7*WeeksToHolder)) {
		c.add("late_to_holder", "period", WeeksToHolder)
	}
	if !d.SubmittedByHolder.IsZero() && !d.SentToHolder.IsZero() && d.SubmittedByHolder.After(d.SentToHolder.AddDays(7*WeeksToSubmit)) {
		c.add("late_to_funder", "period", WeeksToSubmit)
	}
}

// declaredTerms are the agreement's terms the declaration is judged by as
// a whole: those in force at the start of its period, else at its end.
func declaredTerms(d Declaration, in CheckInput) AgreementTerms {
	terms, _ := termsOn(in, d.Period.End)
	if t, ok := termsOn(in, d.Period.Start); ok {
		terms = t
	}
	return terms
}

// kind: the kind fits the agreement; an amount or kilometres where the
// kind has no lines.
func (c *checker) kind(d Declaration, in CheckInput, terms AgreementTerms) {
	if !d.Kind.AllowedOn(terms.Kind) && len(in.Agreement) > 0 {
		c.add("kind_not_allowed", "kind", string(d.Kind))
	}
	if d.Kind == DeclHolidayPay && d.Amount <= 0 {
		c.add("amount_required", "amount")
	}
	if d.Kind == DeclTravel && d.TravelKm <= 0 {
		c.add("travel_km_required", "travel_km")
	}
}

// travel: travel costs only where agreed, at most the agreed rate and the
// untaxed maximum.
func (c *checker) travel(d Declaration, terms AgreementTerms) {
	if d.TravelKm <= 0 {
		return
	}
	switch {
	case terms.TravelPerKm == 0:
		c.add("travel_not_agreed", "travel_km")
	case d.TravelPerKm > terms.TravelPerKm:
		c.add("travel_rate_above_agreed", "travel_km", terms.TravelPerKm)
	}
	if d.TravelPerKm > MaxTravelPerKm {
		c.add("travel_rate_above_max", "travel_km", MaxTravelPerKm)
	}
}

// spanKey is a care line's span for its agreed maximum: the Monday of the
// week, or the 1st of the month.
type spanKey struct {
	careType string
	unit     Unit
	span     Date
}

// lineTally is what the lines add up to as they are checked one by one:
// for the maxima, the duplicates and the all-at-maximum-rate signal.
type lineTally struct {
	dayUnits  map[Date]int64
	weekUnits map[Week]int64
	perSpan   map[spanKey]int64
	seen      map[DupKey]bool
	respite   int64
	allAtMax  bool
	anyLine   bool
}

// lines checks every declared day in order, tallying as it goes.
func (c *checker) lines(d Declaration, in CheckInput) *lineTally {
	n := len(d.Lines)
	t := &lineTally{dayUnits: make(map[Date]int64, n), weekUnits: make(map[Week]int64, 6), perSpan: make(map[spanKey]int64, 8),
		seen: make(map[DupKey]bool, n), allAtMax: true}
	for i, l := range d.Lines {
		c.line(lineField(i), l, d, in, t)
	}
	return t
}

// line checks one declared day; a check that fails in a way the later
// ones cannot judge ends the line's checks.
func (c *checker) line(f string, l DeclLine, d Declaration, in CheckInput, t *lineTally) {
	// 1. In force on every date; inside the grant.
	if !in.GrantPeriod.Contains(l.Date) || !d.Period.Contains(l.Date) {
		c.add("date_outside_period", f+".date", l.Date)
		return
	}
	terms, ok := termsOn(in, l.Date)
	if !ok {
		c.add("agreement_not_in_force", f+".date", l.Date)
		return
	}
	// An employee reported sick is not at work.
	if in.SickDays[l.Date] {
		c.add("declared_while_sick", f+".date", l.Date)
	}
	agreed := c.lineRate(f, l, terms, in, t)
	if agreed == nil {
		return
	}
	// 9. Units in steps (hours in quarters), positive.
	if l.Units <= 0 || l.Units%l.Unit.Step() != 0 {
		c.add("units_step", f+".units")
		return
	}
	// 5. No duplicate (in this declaration or earlier ones).
	key := DupKey{l.Date, l.CareType}
	if t.seen[key] || in.Declared[key] {
		c.add("duplicate_line", f+".date", l.Date, l.CareType)
	}
	t.seen[key] = true
	c.lineMaxima(f, l, agreed, in, t)
}

// lineRate: the care type is agreed (3), the rate at most the agreed rate,
// the agreed rate at most the tariff. It returns the agreed care line, nil
// when there is none.
func (c *checker) lineRate(f string, l DeclLine, terms AgreementTerms, in CheckInput, t *lineTally) *CareLine {
	var agreed *CareLine
	for j := range terms.Lines {
		if terms.Lines[j].CareType == l.CareType && terms.Lines[j].Unit == l.Unit {
			agreed = &terms.Lines[j]
		}
	}
	if agreed == nil {
		c.add("care_type_not_agreed", f+".care_type", l.CareType)
		return nil
	}
	if l.Rate > agreed.Rate {
		c.add("rate_above_agreed", f+".rate", agreed.Rate)
	}
	max, hasMax := Cents(0), false
	if in.MaxRate != nil {
		max, hasMax = in.MaxRate(l.CareType, TariffKind(terms.Kind))
	}
	if hasMax && agreed.Rate > max {
		c.add("agreed_rate_above_tariff", f+".rate", max)
	}
	t.anyLine = true
	t.allAtMax = t.allAtMax && hasMax && l.Rate == max
	return agreed
}

// lineMaxima: within the agreed maximum per week or month (4); at most 24
// hours on one day over all budget holders (6); at most 40 hours a week per
// provider, institutions excepted (9); respite care (logeren) at most 156
// etmalen a year (9).
func (c *checker) lineMaxima(f string, l DeclLine, agreed *CareLine, in CheckInput, t *lineTally) {
	week := WeekOf(l.Date)
	span := spanKey{l.CareType, l.Unit, l.Date.FirstOfMonth()}
	if agreed.Per == PerWeek {
		span.span = l.Date.AddDays(-((int(l.Date.Time().Weekday()) + 6) % 7))
	}
	t.perSpan[span] += l.Units
	if t.perSpan[span] > agreed.MaxUnits {
		c.add("units_above_max", f+".units", UnitCount(agreed.MaxUnits), agreed.Per)
	}
	if l.Unit == UnitHour {
		t.dayUnits[l.Date] += l.Units
		t.weekUnits[week] += l.Units
		if t.dayUnits[l.Date]+in.ProviderDayUnits[l.Date] > MaxHoursPerDay {
			c.add("over_24_hours_day", f+".units", l.Date)
		}
		if in.ProviderKind != ProviderInstitution && t.weekUnits[week]+in.ProviderWeekUnits[week] > MaxHoursPerWeek {
			c.add("over_40_hours_week", f+".units", week.String())
		}
	}
	if l.CareType == "kortdurend_verblijf" && l.Unit == UnitEtmaal {
		t.respite += l.Units
		if t.respite+in.RespiteEtmalenYear > MaxRespiteEtmalen {
			c.add("respite_over_156", f+".units", MaxRespiteEtmalen/100)
		}
	}
}

// budget: enough budget left (7).
func (c *checker) budget(total Cents, in CheckInput) {
	if total > in.Left {
		c.add("budget_insufficient", "", in.Left)
	}
}

// payment: the IBAN valid and not blocked; a formal provider's invoice
// attached and its total matching (8).
func (c *checker) payment(d Declaration, in CheckInput, total Cents) {
	if _, err := ParseIBAN(string(in.IBAN)); err != nil {
		c.add("iban_invalid", "")
	} else if in.IBANBlocked {
		c.add("iban_blocked", "")
	}
	if !in.ProviderKind.Formal() {
		return
	}
	if !d.HasAttachment {
		c.add("invoice_missing", "invoice")
	} else if d.InvoiceTotal != total {
		c.add("invoice_total_mismatch", "invoice_total", total)
	}
}

// fraudSignals hold a declaration for review; they do not refuse it.
func fraudSignals(d Declaration, in CheckInput, lines *lineTally) (signals []Finding) {
	sig := func(code string, args ...any) { signals = append(signals, Finding{Code: code, Args: args}) }
	if in.ProvidersSharingIBAN > 0 {
		sig("signal_shared_iban", in.ProvidersSharingIBAN)
	}
	if in.ProviderRepresentsHolder {
		sig("signal_provider_represents_holder")
	}
	if in.ProviderHolders > ManyBudgetHolders(in.ProviderKind) { // per kind: see ManyBudgetHolders
		sig("signal_many_budget_holders", in.ProviderHolders)
	}
	signals = append(signals, signalHoursJump(d, in)...)
	if lines.anyLine && lines.allAtMax && len(d.Lines) >= 4 {
		sig("signal_all_max_rate")
	}
	return append(signals, signalRespiteElsewhere(d, in)...)
}

// signalHoursJump: a jump against the provider's own history, only with
// three earlier months of hours to compare with (a new provider has none).
func signalHoursJump(d Declaration, in CheckInput) []Finding {
	hours := totalHours(d)
	if len(in.ProviderHoursHistory) < 3 {
		return nil
	}
	var sum int64
	known := true
	for _, h := range in.ProviderHoursHistory[len(in.ProviderHoursHistory)-3:] {
		sum += h
		known = known && h > 0
	}
	avg := sum / 3
	if known && hours > avg*3/2 && hours-avg >= 2000 {
		return []Finding{{Code: "signal_hours_jump", Args: []any{Cents(avg), Cents(hours)}}}
	}
	return nil
}

// DeadlineFrom is the day the deadlines of d count from: the end of its
// period, or for a grant decided after that (a retroactive grant) the
// decision date, since nobody could declare before the budget existed.
func DeadlineFrom(d Declaration, in CheckInput) Date {
	if in.GrantDecidedOn.After(d.Period.End) {
		return in.GrantDecidedOn
	}
	return d.Period.End
}

// checkGrantSettled refuses a declaration on a grant whose settlement is
// made: the grant takes no new reservation.
func checkGrantSettled(in CheckInput) []Finding {
	if in.GrantSettled {
		return []Finding{{Code: "grant_settled"}}
	}
	return nil
}

// RespiteCareType is respite care (logeren), declared per etmaal.
const RespiteCareType = "kortdurend_verblijf"

// signalRespiteElsewhere holds a declaration of respite care for a night
// that another provider already declared for the same budget holder: one
// person cannot stay at two places the same night. It is a signal rather
// than a refusal because the checks cannot tell which of the two is true;
// the verstrekker sees both and decides.
func signalRespiteElsewhere(d Declaration, in CheckInput) []Finding {
	for _, l := range d.Lines {
		if l.CareType == RespiteCareType && in.RespiteNightsElsewhere[l.Date] {
			return []Finding{{Code: "signal_respite_elsewhere", Args: []any{l.Date}}}
		}
	}
	return nil
}

// lineFields are the field names of the first lines, made once.
var lineFields = func() []string {
	out := make([]string, 64)
	for i := range out {
		out[i] = "lines[" + itoa(i) + "]"
	}
	return out
}()

func lineField(i int) string {
	if i < len(lineFields) {
		return lineFields[i]
	}
	return "lines[" + itoa(i) + "]"
}

func totalHours(d Declaration) int64 {
	var h int64
	for _, l := range d.Lines {
		if l.Unit == UnitHour {
			h += l.Units
		}
	}
	return h
}

// dedupe keeps the first finding of each code and field.
func dedupe(fs []Finding) []Finding {
	seen := map[string]bool{}
	var out []Finding
	for _, f := range fs {
		k := f.Code + "|" + f.Field
		if !seen[k] {
			seen[k] = true
			out = append(out, f)
		}
	}
	return out
}

// DeclarationState is where a declaration stands; who may move it where is
// the declaration's lifecycle table (lifecycle.go: DeclarationNext).
type DeclarationState string

const (
	DeclConcept   DeclarationState = "concept"          // being entered
	DeclAtHolder  DeclarationState = "bij_budgethouder" // waits for the budget holder's approval
	DeclRejectedH DeclarationState = "afgekeurd_bh"     // the budget holder rejected it; can be corrected
	DeclAccepted  DeclarationState = "geaccepteerd"     // passed the checks; its amount is reserved
	DeclRefused   DeclarationState = "geweigerd"        // failed a check; can be corrected
	DeclHeld      DeclarationState = "aangehouden"      // a fraud signal: the verstrekker reviews it
)

// Counts reports whether a declaration's lines count for the duplicate and
// hours checks of other declarations: once it is on its way, until refused.
func (s DeclarationState) Counts() bool {
	return s == DeclAtHolder || s == DeclAccepted || s == DeclHeld || s == DeclPaid
}
