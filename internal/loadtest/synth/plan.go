package synth

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// Org is a verstrekker of the plan, existing in the database or new.
type Org struct {
	domain.Organisation
	New bool // to be created
}

// Holder is a budget holder of the plan with their grant and login.
type Holder struct {
	domain.BudgetHolder
	Law          domain.Law
	Place        int // index in places
	Org          int // index in Plan.Orgs: the grant's verstrekker
	GrantID      int64
	RevisionID   int64
	GrantLines   []domain.GrantLine
	Own          domain.Cents // eigen bijdrage per month (Wmo)
	AccountID    int64        // the budget holder's own login, or the parent's (minors)
	RoleID       int64
	Role         domain.Role // budgethouder or vertegenwoordiger (a parent for a minor)
	RepID        int64       // the representation of a minor by a parent
	Agreements   []int32     // indexes in Plan.Agreements
	providerSeen []int32
}

// Provider is a care provider of the plan with its login.
type Provider struct {
	domain.Provider
	AccountID int64
	RoleID    int64
	Holders   int // budget holders it has agreements with
	capacity  int
	dayHours  [7]int64 // hours (hundredths) per weekday over all its agreements
	weekHours int64
	large     bool
}

// Pattern is when a care line is delivered: the same weekdays every week
// with the same units, or (Monthly) once a month on the first Saturday.
type Pattern struct {
	Line     int   // index in the terms' lines
	Weekdays uint8 // bit per time.Weekday
	Units    int64 // hundredths per day
	Monthly  bool
}

// Agreement is an approved care agreement of the plan.
type Agreement struct {
	ID        int64
	VersionID int64
	Holder    int32 // index in Plan.Holders
	Provider  int32 // index in Plan.Providers
	Terms     domain.AgreementTerms
	Patterns  []Pattern
}

// TariffFunc returns the maximum rate of a care type for a provider kind
// under a law, for the verstrekker with id orgID, in the plan's year.
type TariffFunc func(law domain.Law, careType string, kind domain.ProviderKind, orgID int64) (domain.Cents, bool)

// Base is what the database already holds that the plan must respect.
type Base struct {
	Orgs    []domain.Organisation // existing organisations (reused by code)
	BSNs    map[string]bool       // BSNs in use
	IBANs   map[string]bool       // IBANs in use
	IDs     map[string]int64      // the highest id per table
	Tariffs TariffFunc            // nil: BuiltinTariffs
}

// Plan is the generated dataset without its declarations.
type Plan struct {
	Config     Config
	Orgs       []Org
	Holders    []Holder
	Providers  []Provider
	Agreements []Agreement
	Tariffs    TariffFunc
	ids        map[string]int64
	gemOrg     []int // per place: the gemeente's index in Orgs
	zkOrg      []int // per place: the care office's index in Orgs
	insOrg     []int // insurers' indexes in Orgs
}

// nextID hands out the next id of a table.
func (p *Plan) nextID(table string) int64 {
	p.ids[table]++
	return p.ids[table]
}

// orgByCode reuses an existing organisation or plans a new one.
func (p *Plan) orgByCode(base Base, kind domain.OrgKind, name, code string) int {
	for i, o := range p.Orgs {
		if o.Code == code {
			return i
		}
	}
	for _, o := range base.Orgs {
		if o.Code == code {
			p.Orgs = append(p.Orgs, Org{Organisation: o})
			return len(p.Orgs) - 1
		}
	}
	p.Orgs = append(p.Orgs, Org{Organisation: domain.Organisation{ID: p.nextID("organisations"), Kind: kind, Name: name, Code: code}, New: true})
	return len(p.Orgs) - 1
}

// NewPlan builds the parties, grants and agreements of cfg (normalized)
// on top of base.
func NewPlan(cfg Config, base Base) (*Plan, error) {
	cfg, err := cfg.Normalize()
	if err != nil {
		return nil, err
	}
	p := &Plan{Config: cfg, ids: map[string]int64{}, Tariffs: base.Tariffs}
	for k, v := range base.IDs {
		p.ids[k] = v
	}
	if base.BSNs == nil {
		base.BSNs = map[string]bool{}
	}
	if base.IBANs == nil {
		base.IBANs = map[string]bool{}
	}
	for _, pl := range places {
		p.gemOrg = append(p.gemOrg, p.orgByCode(base, domain.Gemeente, pl.gemeente, pl.code))
		p.zkOrg = append(p.zkOrg, p.orgByCode(base, domain.Zorgkantoor, pl.zk, pl.zkCode))
	}
	for _, in := range insurers {
		p.insOrg = append(p.insOrg, p.orgByCode(base, domain.Zorgverzekeraar, in.name, in.code))
	}
	if p.Tariffs == nil {
		p.Tariffs = p.BuiltinTariffs()
	}
	p.holders(base.BSNs)
	b := &builder{p: p, r: newRand(cfg.Seed, 3, 0), ibans: base.IBANs, pools: map[poolKey][]int32{}}
	b.agreements()
	p.grants()
	p.logins()
	return p, nil
}

var placeWeights = func() []int {
	var w []int
	for _, pl := range places {
		w = append(w, pl.weight)
	}
	return w
}()

// Laws in the mix of DOMAIN.md: about 60,000 of 200,000 under the Wlz.
var (
	lawMix     = []domain.Law{domain.Wlz, domain.Wmo, domain.Jeugdwet, domain.Zvw}
	lawWeights = []int{31, 39, 20, 10}
)

// holders makes the budget holders with their law, place and verstrekker.
func (p *Plan) holders(usedBSN map[string]bool) {
	cfg := p.Config
	r := newRand(cfg.Seed, 1, 0)
	year := cfg.Year()
	p.Holders = make([]Holder, cfg.BudgetHolders)
	for i := range p.Holders {
		h := &p.Holders[i]
		h.ID = p.nextID("budget_holders")
		h.Place = pick(r, placeWeights)
		h.Law = lawMix[pick(r, lawWeights)]
		pl := places[h.Place]
		fam := families[r.IntN(len(families))]
		h.BSN = domain.BSN(bsn(r, usedBSN))
		h.Initials, h.Prefix, h.FamilyName = initials[r.IntN(len(initials))], fam.prefix, fam.name
		var age int
		switch h.Law {
		case domain.Wlz:
			age = 45 + r.IntN(55) // mostly elderly
			if r.IntN(4) == 0 {
				age = 19 + r.IntN(40) // a disability from young
			}
		case domain.Jeugdwet:
			age = 3 + r.IntN(15) // minors
		default:
			age = 19 + r.IntN(75)
		}
		h.BirthDate = domain.NewDate(year-age, time.Month(1+r.IntN(12)), 1+r.IntN(28))
		h.Street, h.HouseNumber = streets[r.IntN(len(streets))], fmt.Sprint(1+r.IntN(180))
		if r.IntN(8) == 0 {
			h.HouseNumber += string(rune('A' + r.IntN(4)))
		}
		h.Postcode, h.City = postcode(r, pl), pl.city
		switch h.Law {
		case domain.Wmo, domain.Jeugdwet:
			h.Org = p.gemOrg[h.Place]
		case domain.Wlz:
			h.Org = p.zkOrg[h.Place]
		default:
			h.Org = p.insOrg[r.IntN(len(p.insOrg))]
		}
		if h.Law == domain.Wmo && r.IntN(5) < 2 {
			h.Own = 2140 // the maximum eigen bijdrage per month
		}
	}
}

// poolKey groups providers that can take more budget holders.
type poolKey struct {
	kind  domain.ProviderKind
	place int
	large bool
}

type builder struct {
	p     *Plan
	r     *rand.Rand
	ibans map[string]bool
	pools map[poolKey][]int32
	kvk   int64
}

// agreementCounts spreads the agreements over the budget holders: most
// have one to three providers, some more.
func (b *builder) agreementCounts() []int {
	n, want := len(b.p.Holders), b.p.Config.Agreements
	counts := make([]int, n)
	total := 0
	for i := range counts {
		counts[i] = 1 + pick(b.r, []int{25, 30, 25, 12, 8})
		total += counts[i]
	}
	limit := max(6, 2*want/n+2)
	for total < want {
		if i := b.r.IntN(n); counts[i] < limit {
			counts[i]++
			total++
		}
	}
	for total > want {
		if i := b.r.IntN(n); counts[i] > 1 || (counts[i] == 1 && want < n) {
			counts[i]--
			total--
		}
	}
	return counts
}

// kindMix is the kind of agreement by law: informal care (family,
// employment) is about half.
var kindMix = map[domain.Law]struct {
	kinds   []domain.AgreementKind
	weights []int
}{
	domain.Wlz:      {[]domain.AgreementKind{domain.AgreementFamily, domain.AgreementEmployment, domain.AgreementZZP, domain.AgreementInstitution}, []int{38, 10, 27, 25}},
	domain.Wmo:      {[]domain.AgreementKind{domain.AgreementFamily, domain.AgreementEmployment, domain.AgreementZZP, domain.AgreementInstitution}, []int{45, 5, 30, 20}},
	domain.Jeugdwet: {[]domain.AgreementKind{domain.AgreementFamily, domain.AgreementZZP, domain.AgreementInstitution}, []int{50, 30, 20}},
	domain.Zvw:      {[]domain.AgreementKind{domain.AgreementFamily, domain.AgreementZZP, domain.AgreementInstitution}, []int{30, 50, 20}},
}

// hourCare are the care types paid per hour, by law.
var hourCare = map[domain.Law][]string{
	domain.Wlz:      {"persoonlijke_verzorging", "verpleging", "begeleiding", "huishoudelijke_hulp"},
	domain.Wmo:      {"begeleiding", "huishoudelijke_hulp"},
	domain.Jeugdwet: {"begeleiding"},
	domain.Zvw:      {"persoonlijke_verzorging", "verpleging"},
}

func (b *builder) agreements() {
	counts := b.agreementCounts()
	for hi := range b.p.Holders {
		h := &b.p.Holders[hi]
		for k := 0; k < counts[hi]; k++ {
			mix := kindMix[h.Law]
			kind := mix.kinds[pick(b.r, mix.weights)]
			b.agreement(int32(hi), kind)
		}
	}
}

// agreement finds a provider with room for the care and adds the agreement.
func (b *builder) agreement(hi int32, kind domain.AgreementKind) {
	h := &b.p.Holders[hi]
	pk := domain.TariffKind(kind)
	key := poolKey{kind: pk, place: h.Place}
	if pk == domain.ProviderInstitution && h.Law != domain.Zvw && b.r.IntN(2) == 0 {
		key.large = true
	}
	for try := 0; try < 4; try++ {
		pool := b.pools[key]
		var pi int32 = -1
		newChance := map[domain.ProviderKind]float64{domain.ProviderInformal: 1, domain.ProviderZZP: 0.12, domain.ProviderInstitution: 0.1}[pk]
		if key.large {
			newChance = 0.004
		}
		if len(pool) > 0 && b.r.Float64() >= newChance && try < 3 {
			pi = pool[b.r.IntN(len(pool))]
		} else {
			pi = b.newProvider(key, h)
		}
		if b.linked(h, pi) {
			continue
		}
		terms, pats, ok := b.terms(h, pi, kind)
		if !ok {
			b.close(key, pi)
			continue
		}
		a := Agreement{ID: b.p.nextID("agreements"), VersionID: b.p.nextID("agreement_versions"), Holder: hi, Provider: pi, Terms: terms, Patterns: pats}
		b.p.Agreements = append(b.p.Agreements, a)
		h.Agreements = append(h.Agreements, int32(len(b.p.Agreements)-1))
		h.providerSeen = append(h.providerSeen, pi)
		pr := &b.p.Providers[pi]
		pr.Holders++
		if pr.Holders >= pr.capacity {
			b.close(key, pi)
		}
		return
	}
}

func (b *builder) linked(h *Holder, pi int32) bool {
	for _, s := range h.providerSeen {
		if s == pi {
			return true
		}
	}
	return false
}

// close takes a provider out of its pool.
func (b *builder) close(key poolKey, pi int32) {
	pool := b.pools[key]
	for i, x := range pool {
		if x == pi {
			pool[i] = pool[len(pool)-1]
			b.pools[key] = pool[:len(pool)-1]
			return
		}
	}
}

// newProvider makes a provider of the pool's kind near the budget holder.
func (b *builder) newProvider(key poolKey, h *Holder) int32 {
	r := b.r
	pl := places[key.place]
	pr := Provider{large: key.large}
	pr.ID = b.p.nextID("providers")
	pr.Kind, pr.City, pr.IBAN = key.kind, pl.city, domain.IBAN(iban(r, b.ibans))
	fam := families[r.IntN(len(families))]
	famName := strings.TrimSpace(fam.prefix + " " + fam.name)
	switch key.kind {
	case domain.ProviderInformal:
		if r.IntN(10) < 6 { // family: the same family name
			famName = strings.TrimSpace(h.Prefix + " " + h.FamilyName)
		}
		pr.Name = initials[r.IntN(len(initials))] + " " + famName
		pr.capacity = 1
	case domain.ProviderZZP:
		b.kvk++
		pr.KvK = domain.KvK(eightDigits(60+r.IntN(30), pr.ID))
		pr.Name = []string{"Zorg met Hart", "Thuishulp", "Zorg op Maat", "Begeleiding", "Persoonlijke Zorg", "Wijkzorg"}[r.IntN(6)] + " – " +
			initials[r.IntN(len(initials))] + " " + famName
		pr.capacity = 1 + pick(r, []int{8, 12, 18, 20, 16, 12, 8, 6})
		if r.IntN(5) == 0 {
			pr.AGB = domain.AGB(eightDigits(90+r.IntN(10), pr.ID))
		}
	case domain.ProviderInstitution:
		pr.KvK = domain.KvK(eightDigits(30+r.IntN(30), pr.ID))
		pr.AGB = domain.AGB(eightDigits(73, pr.ID))
		if key.large {
			pr.Name = []string{"Zorggroep " + pl.city, "Stichting Dagbesteding De " + trees[r.IntN(len(trees))], "Logeerhuis De " + trees[r.IntN(len(trees))],
				"Stichting " + trees[r.IntN(len(trees))] + "zorg " + pl.city}[r.IntN(4)]
			pr.capacity = 30 + int(float64(1500)*r.Float64()*r.Float64()*r.Float64())
		} else {
			pr.Name = []string{"Thuiszorg " + trees[r.IntN(len(trees))] + " B.V.", "Zorgboerderij De " + trees[r.IntN(len(trees))], "Kleinschalig Wonen " + famName + " B.V."}[r.IntN(3)]
			pr.capacity = 2 + r.IntN(7)
		}
	}
	b.p.Providers = append(b.p.Providers, pr)
	pi := int32(len(b.p.Providers) - 1)
	if pr.capacity > 1 {
		b.pools[key] = append(b.pools[key], pi)
	}
	return pi
}

// fallbackRate is the rate where the tariff table has no maximum.
func fallbackRate(careType string, kind domain.ProviderKind, unit domain.Unit) domain.Cents {
	switch {
	case unit == domain.UnitEtmaal && kind == domain.ProviderInformal:
		return 6000
	case unit == domain.UnitEtmaal:
		return 14500
	case unit == domain.UnitDayPart:
		return 5500
	case kind == domain.ProviderInformal:
		return 2200
	}
	return 5500
}

// rate picks an agreed rate at most the maximum (a little below it, as
// providers and budget holders usually agree).
func (b *builder) rate(h *Holder, careType string, kind domain.ProviderKind, unit domain.Unit) domain.Cents {
	max, ok := b.p.Tariffs(h.Law, careType, kind, b.p.Orgs[h.Org].ID)
	if !ok {
		max = fallbackRate(careType, kind, unit)
	}
	rt := domain.Cents(float64(max)*uniform(b.r, 0.82, 0.995)) / 5 * 5
	return min(rt, max)
}

var workdays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
var allDays = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// terms draws the care lines of an agreement and when they are given,
// within the provider's room: at most 24 hours a day over all its budget
// holders, and 40 a week unless it is an institution.
func (b *builder) terms(h *Holder, pi int32, kind domain.AgreementKind) (domain.AgreementTerms, []Pattern, bool) {
	r := b.r
	pr := &b.p.Providers[pi]
	pk := pr.Kind
	year := b.p.Config.Year()
	t := domain.AgreementTerms{Kind: kind, Start: domain.NewDate(year, 1, 1)}
	if r.IntN(10) == 0 { // a later start, before the history begins
		t.Start = domain.NewDate(year, time.Month(1+r.IntN(int(b.p.Config.FirstMonth.Month))), 1)
	}
	var pats []Pattern
	type want struct {
		careType string
		unit     domain.Unit
	}
	var lines []want
	hours := hourCare[h.Law]
	switch {
	case pk == domain.ProviderInstitution && pr.large:
		if r.IntN(10) < 6 {
			lines = append(lines, want{"dagbesteding", domain.UnitDayPart})
		}
		if len(lines) == 0 || r.IntN(5) == 0 {
			lines = append(lines, want{"kortdurend_verblijf", domain.UnitEtmaal})
		}
	case pk == domain.ProviderInstitution && h.Law != domain.Zvw && r.IntN(2) == 0:
		lines = append(lines, want{[]string{"dagbesteding", "kortdurend_verblijf"}[r.IntN(2)], domain.UnitDayPart})
		if lines[0].careType == "kortdurend_verblijf" {
			lines[0].unit = domain.UnitEtmaal
		}
	default:
		first := r.IntN(len(hours))
		lines = append(lines, want{hours[first], domain.UnitHour})
		if len(hours) > 1 && r.IntN(100) < 15 {
			lines = append(lines, want{hours[(first+1)%len(hours)], domain.UnitHour})
		}
		if h.Law == domain.Jeugdwet && kind == domain.AgreementFamily && r.IntN(5) == 0 {
			lines = append(lines, want{"kortdurend_verblijf", domain.UnitEtmaal})
		}
	}
	if h.Law == domain.Wlz && pk == domain.ProviderInformal {
		for i := range lines { // the Wlz tariff table has no informal day care or respite
			if lines[i].unit != domain.UnitHour {
				lines[i] = want{"begeleiding", domain.UnitHour}
			}
		}
		if len(lines) == 2 && lines[0] == lines[1] {
			lines = lines[:1]
		}
	}
	var addDay [7]int64
	var addWeek int64
	for i, w := range lines {
		cl := domain.CareLine{CareType: w.careType, Unit: w.unit, Rate: b.rate(h, w.careType, pk, w.unit), Per: domain.PerWeek}
		pat := Pattern{Line: i}
		switch w.unit {
		case domain.UnitEtmaal:
			cl.Per, cl.MaxUnits = domain.PerMonth, 300
			pat.Monthly, pat.Units = true, 200
		case domain.UnitDayPart:
			pat.Units = 100 * int64(1+pick(r, []int{7, 3}))
			n := 1 + pick(r, []int{5, 3, 2})
			for _, d := range shuffled(r, workdays)[:n] {
				pat.Weekdays |= 1 << d
			}
			cl.MaxUnits = int64(n) * pat.Units
		default:
			daily := map[domain.ProviderKind][]int64{domain.ProviderInformal: {150, 200, 250, 300, 400}, domain.ProviderZZP: {100, 150, 200, 250, 300},
				domain.ProviderInstitution: {100, 150, 200}}[pk]
			pat.Units = daily[r.IntN(len(daily))]
			n := 1 + pick(r, []int{65, 30, 5})
			days := workdays
			if pk == domain.ProviderInformal {
				days = allDays
			}
			got := 0
			for _, d := range shuffled(r, days) {
				if got == n {
					break
				}
				if pr.dayHours[d]+addDay[d]+pat.Units > domain.MaxHoursPerDay {
					continue
				}
				if pk != domain.ProviderInstitution && pr.weekHours+addWeek+pat.Units > domain.MaxHoursPerWeek-200 {
					break
				}
				pat.Weekdays |= 1 << d
				addDay[d] += pat.Units
				addWeek += pat.Units
				got++
			}
			if got == 0 {
				return t, nil, false
			}
			cl.MaxUnits = int64(got)*pat.Units + 25*int64(r.IntN(5))
		}
		t.Lines = append(t.Lines, cl)
		pats = append(pats, pat)
	}
	switch kind {
	case domain.AgreementEmployment:
		t.DaysPerWeek = 0
		for _, p := range pats {
			for d := range 7 {
				if p.Weekdays&(1<<d) != 0 {
					t.DaysPerWeek++
				}
			}
		}
		t.DaysPerWeek = max(1, min(t.DaysPerWeek, 3))
		t.HoursPerWeek = addWeek
	case domain.AgreementZZP, domain.AgreementInstitution:
		if r.IntN(3) == 0 {
			t.TravelPerKm = 19
		}
	}
	if h.Law == domain.Wlz {
		t.CareDescription = "Zorgbeschrijving: " + strings.ReplaceAll(t.Lines[0].CareType, "_", " ") +
			" volgens het zorgplan, gericht op zo lang mogelijk zelfstandig thuis wonen."
	}
	for d := range 7 {
		pr.dayHours[d] += addDay[d]
	}
	pr.weekHours += addWeek
	return t, pats, true
}

func shuffled(r *rand.Rand, days []time.Weekday) []time.Weekday {
	out := append([]time.Weekday(nil), days...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// careFunction names a grant line after the care it pays for.
var careFunction = map[string]string{
	"persoonlijke_verzorging": "Persoonlijke verzorging", "verpleging": "Verpleging", "begeleiding": "Begeleiding individueel",
	"kortdurend_verblijf": "Kortdurend verblijf (logeren)", "huishoudelijke_hulp": "Huishoudelijke hulp", "dagbesteding": "Begeleiding groep (dagbesteding)",
}

// grants gives every budget holder a grant for the year, with a line per
// kind of care agreed and room to spare: 10 to 40 % above a year of care.
func (p *Plan) grants() {
	r := newRand(p.Config.Seed, 4, 0)
	for hi := range p.Holders {
		h := &p.Holders[hi]
		h.GrantID, h.RevisionID = p.nextID("grants"), p.nextID("grant_revisions")
		yearly := map[string]float64{}
		var order []string
		for _, ai := range h.Agreements {
			a := &p.Agreements[ai]
			for _, pat := range a.Patterns {
				cl := a.Terms.Lines[pat.Line]
				var perYear float64
				if pat.Monthly {
					perYear = 12 * float64(pat.Units) * float64(cl.Rate) / 100
				} else {
					perYear = 52.2 * float64(weekdays(pat.Weekdays)) * float64(pat.Units) * float64(cl.Rate) / 100
				}
				if _, ok := yearly[cl.CareType]; !ok {
					order = append(order, cl.CareType)
				}
				yearly[cl.CareType] += perYear
			}
		}
		if len(order) == 0 {
			order, yearly["begeleiding"] = []string{"begeleiding"}, 300000
		}
		for _, ct := range order {
			euros := int64(yearly[ct]*uniform(r, 1.1, 1.4)/100) + 1
			h.GrantLines = append(h.GrantLines, domain.GrantLine{CareFunction: careFunction[ct], Yearly: domain.Cents(euros * 100)})
		}
	}
}

func weekdays(mask uint8) int {
	n := 0
	for d := range 7 {
		if mask&(1<<d) != 0 {
			n++
		}
	}
	return n
}

// Grant is a holder's grant as the domain sees it.
func (p *Plan) Grant(h *Holder) domain.Grant {
	year := p.Config.Year()
	start := domain.NewDate(year, 1, 1)
	return domain.Grant{ID: h.GrantID, BudgetHolderID: h.ID, VerstrekkerID: p.Orgs[h.Org].ID, Law: h.Law,
		Reference: fmt.Sprintf("%s-%d-%07d", strings.ToUpper(string(h.Law)), year, h.ID),
		Period:    domain.Period{Start: start, End: domain.NewDate(year, 12, 31)}, DecidedOn: domain.NewDate(year-1, 12, 10), OwnContribution: h.Own,
		Revisions: []domain.GrantRevision{{EffectiveFrom: start, Lines: h.GrantLines}}}
}

// logins gives every budget holder (or, for a minor, a parent) and every
// provider an account with one role.
func (p *Plan) logins() {
	for hi := range p.Holders {
		h := &p.Holders[hi]
		h.AccountID, h.RoleID, h.Role = p.nextID("accounts"), p.nextID("account_roles"), domain.RoleBudgetHolder
		if h.IsMinorOn(p.Config.FirstMonth) {
			h.Role, h.RepID = domain.RoleRepresentative, p.nextID("representations")
		}
	}
	for pi := range p.Providers {
		pr := &p.Providers[pi]
		pr.AccountID, pr.RoleID = p.nextID("accounts"), p.nextID("account_roles")
	}
}

// email makes a unique, plausible address from a name and an id.
func email(initials, family string, id int64) string {
	var b strings.Builder
	for _, c := range strings.ToLower(initials + family) {
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteRune(c)
		case c == 'ö':
			b.WriteByte('o')
		}
	}
	return fmt.Sprintf("%s.%d@voorbeeld.nl", b.String(), id)
}

// gemeenteTariffs are a gemeente's own maximum rates for Wmo and Jeugdwet
// (three levels: institution, zzp, social network), after the example in
// DOMAIN.md (household help €31.80 / €23.85 / €15.90).
var gemeenteTariffs = []struct {
	careType string
	kind     domain.ProviderKind
	rate     domain.Cents
}{
	{"begeleiding", domain.ProviderInstitution, 6800}, {"begeleiding", domain.ProviderZZP, 5600}, {"begeleiding", domain.ProviderInformal, 2300},
	{"huishoudelijke_hulp", domain.ProviderInstitution, 3180}, {"huishoudelijke_hulp", domain.ProviderZZP, 2385}, {"huishoudelijke_hulp", domain.ProviderInformal, 1590},
	{"dagbesteding", domain.ProviderInstitution, 6000}, {"dagbesteding", domain.ProviderZZP, 5200},
	{"kortdurend_verblijf", domain.ProviderInstitution, 16000}, {"kortdurend_verblijf", domain.ProviderZZP, 13000}, {"kortdurend_verblijf", domain.ProviderInformal, 6500},
}

// gemeenteRate is the rate of the gemeente of places[i]: the base, a few
// percent up or down.
func gemeenteRate(base domain.Cents, i int) domain.Cents {
	return base * domain.Cents(95+(i*7)%11) / 100 / 5 * 5
}

// BuiltinTariffs mirrors the tariff table as the migrations seed it (Wlz
// from 2024, Zvw) plus the gemeente tariffs the loader adds, for a plan
// made without a database.
func (p *Plan) BuiltinTariffs() TariffFunc {
	return func(law domain.Law, careType string, kind domain.ProviderKind, orgID int64) (domain.Cents, bool) {
		switch law {
		case domain.Wlz:
			switch {
			case careType == "dagbesteding" && kind != domain.ProviderInformal:
				return 7088, true
			case careType == "kortdurend_verblijf" || careType == "dagbesteding":
				return 0, false
			case kind == domain.ProviderInformal:
				return 2444, true
			}
			return 7700, true
		case domain.Zvw:
			switch {
			case kind == domain.ProviderInformal && (careType == "persoonlijke_verzorging" || careType == "verpleging"):
				return 2436, true
			case careType == "persoonlijke_verzorging":
				return 3856, true
			case careType == "verpleging":
				return 5708, true
			}
			return 0, false
		}
		place := -1
		for i, oi := range p.gemOrg {
			if p.Orgs[oi].ID == orgID {
				place = i
			}
		}
		for _, t := range gemeenteTariffs {
			if place >= 0 && t.careType == careType && t.kind == kind {
				return gemeenteRate(t.rate, place), true
			}
		}
		return 0, false
	}
}
