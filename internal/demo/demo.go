// Package demo loads a small, fictitious but realistic dataset: two
// verstrekkers and the SVB, staff, five budget holders across Wmo, Jeugdwet
// and Wlz (one a minor represented by a parent), providers of each kind, and
// grants with some history. Everything goes through the service layer, so
// each change has its audit record, as in real use.
package demo

import (
	"context"
	"errors"
	"fmt"
	"github.com/pgbportaal/pgbportaal/internal/config"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/ledger"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store"
)

// ErrNotEmpty is returned when the database already holds data.
var ErrNotEmpty = errors.New("demo: the database is not empty")

// Account is a demo login, shown on the start page in demo mode.
type Account struct {
	Role       string // the first role's key, e.g. "budgethouder"
	Label      string // what the start page shows
	Email      string
	Password   string
	TOTPSecret string // staff only: the fixed TOTP secret, so the start page can show the code
}

// Accounts lists the demo logins: every role has one.
func Accounts() []Account {
	return []Account{
		{Role: "budgethouder", Label: "Budgethouder (J. de Vries, Wmo)", Email: "budgethouder@pgbportaal.demo", Password: "demo-eigen-regie"},
		{Role: "vertegenwoordiger", Label: "Ouder van S. Bakker (Jeugdwet), ook zorgverlener", Email: "ouder@pgbportaal.demo", Password: "demo-vertegenwoordiger"},
		{Role: "zorgverlener", Label: "Zorgverlener (Thuiszorg Midden B.V.)", Email: "zorgverlener@pgbportaal.demo", Password: "demo-thuiszorg-midden"},
		{Role: "zorgverlener", Label: "Zorgverlener zzp (R. Smit, zorgovereenkomst met J. de Vries)", Email: "zzp@pgbportaal.demo", Password: "demo-zzp-zorg"},
		{Role: "verstrekker", Label: "Medewerker Gemeente Utrecht", Email: "medewerker@utrecht.demo", Password: "demo-wijkteam-west", TOTPSecret: "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF"},
		{Role: "verstrekker", Label: "Medewerker Zorgkantoor Midden-Nederland", Email: "medewerker@zorgkantoor.demo", Password: "demo-kantoor-midden", TOTPSecret: "NZXXIYLMNRUWKIDBNZ2WY3DJNZTWKZLS"},
		{Role: "svb", Label: "Medewerker SVB", Email: "medewerker@svb.demo", Password: "demo-svb-betalingen", TOTPSecret: "MFZXGZLSORUW63RANFXCA5DPOBSWG4TF"},
		{Role: "beheerder", Label: "Beheerder", Email: "beheer@pgbportaal.demo", Password: "demo-sleutelbos", TOTPSecret: "MJSWQZLFOJSGK4RAMJSWQZLFOJSGK4RB"},
	}
}

func account(email string) Account {
	for _, a := range Accounts() {
		if a.Email == email {
			return a
		}
	}
	panic("demo: no account " + email)
}

// loader carries what Load builds as it goes.
type loader struct {
	ctx   context.Context
	svc   *service.Service
	today domain.Date
	svb   service.Actor // SVB staff: paper agreements and declarations, payment runs
	err   error
}

func (l *loader) check(err error, what string) {
	if err != nil && l.err == nil {
		l.err = fmt.Errorf("demo: %s: %w", what, err)
	}
}

// Load fills an empty database with the demo dataset. Dates follow the
// service's clock: this year's grants run from 1 January, with care
// declared and paid in the months that have passed. What waits today:
//   - J. de Vries (budgethouder) approves M. Bakker's declaration of last
//     month (the months before are paid, but the one before that waits for
//     the next run); R. Smit (zzp) declares last month;
//   - the parent signs Thuiszorg Midden's agreement for S. Bakker; as
//     informal carer M. Bakker waits for J. de Vries' approval;
//   - Thuiszorg Midden declares last month for H. Jansen and P. Visser;
//   - the gemeente judges A. El Amrani's agreement with T. de Vries, the
//     zorgkantoor P. Visser's with Dagbesteding De Linde;
//   - the SVB pays what was accepted since its last run;
//   - the beheerder sees the invitation to A. El Amrani that bounced.
func Load(ctx context.Context, svc *service.Service) error {
	orgs, err := svc.Organisations(ctx)
	if err != nil {
		return err
	}
	if len(orgs) > 0 {
		return ErrNotEmpty
	}
	// The story's payment runs pay from the demo's own account unless
	// the portal was given one.
	svc.UsePayerIfNone(service.Payer{Name: config.DemoDebtor[0], IBAN: config.DemoDebtor[1], BIC: config.DemoDebtor[2]})
	l := &loader{ctx: ctx, svc: svc, today: svc.Today()}
	year := l.today.Year
	yearStart := domain.NewDate(year, 1, 1)
	last := l.today.FirstOfMonth().AddMonths(-1) // last month
	prev := last.AddMonths(-1)

	gemeente := l.org(domain.Gemeente, "Gemeente Utrecht", "GM0344")
	zorgkantoor := l.org(domain.Zorgkantoor, "Zorgkantoor Midden-Nederland", "ZK-MN")
	svb := l.org(domain.SVB, "Sociale Verzekeringsbank", "SVB")
	gm := l.staff("medewerker@utrecht.demo", "R. Hoekstra", domain.RoleVerstrekker, gemeente)
	zk := l.staff("medewerker@zorgkantoor.demo", "K. Verbeek", domain.RoleVerstrekker, zorgkantoor)
	l.svb = l.staff("medewerker@svb.demo", "D. Koster", domain.RoleSVB, svb)
	l.staff("beheer@pgbportaal.demo", "B. Smits", domain.RoleAdmin, domain.Organisation{})

	// Providers of each kind.
	prov := map[string]domain.Provider{}
	for _, p := range []service.ProviderInput{
		{Kind: "informeel", Name: "M. Bakker", IBAN: "NL20INGB0001234567", Email: "ouder@pgbportaal.demo", City: "Utrecht"},
		{Kind: "informeel", Name: "T. de Vries", IBAN: "NL44RABO0123456789", City: "Nieuwegein"},
		{Kind: "zzp", Name: "Zorg met Aandacht – R. Smit", KvK: "12345678", IBAN: "NL08ABNA0452398716", Email: "r.smit@zorgmetaandacht.demo", City: "Utrecht"},
		{Kind: "zzp", Name: "Hulp aan Huis – L. Meijer", KvK: "23456789", IBAN: "NL63TRIO0212345678", City: "Zeist"},
		{Kind: "instelling", Name: "Thuiszorg Midden B.V.", AGB: "01234567", KvK: "34567890", IBAN: "NL61SNSB0987654321", Email: "administratie@thuiszorgmidden.demo", City: "Amersfoort"},
		{Kind: "instelling", Name: "Dagbesteding De Linde", AGB: "02345678", KvK: "45678901", IBAN: "NL66ASNB0707070707", City: "Utrecht"},
	} {
		p2, err := svc.CreateProvider(ctx, service.System, p)
		l.check(err, "provider "+p.Name)
		prov[p.Name] = p2
	}

	// Budget holders. J. de Vries has an account before the grant is made,
	// so no invitation goes to an account that exists.
	vries := l.holder(gm, service.BudgetHolderInput{BSN: "173291004", Initials: "J.", Prefix: "de", FamilyName: "Vries", BirthDate: "1958-04-02",
		Street: "Oudegracht", HouseNumber: "112", Postcode: "3511 AX", City: "Utrecht", Email: "budgethouder@pgbportaal.demo", Phone: "06-12345678"})
	bh := l.account("budgethouder@pgbportaal.demo", "J. de Vries")
	bhRole := l.role(bh, domain.AccountRole{Role: domain.RoleBudgetHolder, BudgetHolderID: vries.ID})
	holder := service.Actor{AccountID: bh.ID, Name: bh.Name, Role: bhRole}
	kind := l.holder(gm, service.BudgetHolderInput{BSN: "258371006", Initials: "S.", FamilyName: "Bakker", BirthDate: fmt.Sprintf("%d-09-14", year-11),
		Street: "Amsterdamsestraatweg", HouseNumber: "40", Postcode: "3513 AC", City: "Utrecht"})
	// A. El Amrani's e-mail address has a typo: the invitation bounces.
	amrani := l.holder(gm, service.BudgetHolderInput{BSN: "304181006", Initials: "A.", FamilyName: "El Amrani", BirthDate: "1985-11-30",
		Street: "Kanaalweg", HouseNumber: "7", Postcode: "3526 KL", City: "Utrecht", Email: "a.elamrani@hotmial.demo"})
	jansen := l.holder(zk, service.BudgetHolderInput{BSN: "412651002", Initials: "H.", FamilyName: "Jansen", BirthDate: "1940-06-21",
		Street: "Laan van Nieuw Guinea", HouseNumber: "15", Postcode: "3531 JB", City: "Utrecht"})
	visser := l.holder(zk, service.BudgetHolderInput{BSN: "529731009", Initials: "P.", FamilyName: "Visser", BirthDate: "1950-02-28",
		Street: "Slotlaan", HouseNumber: "3", Postcode: "3701 GA", City: "Zeist"})

	start, end := fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year)
	lastStart, lastEnd := fmt.Sprintf("%d-01-01", year-1), fmt.Sprintf("%d-12-31", year-1)
	decided := fmt.Sprintf("%d-12-10", year-1)

	// J. de Vries: Wmo, with an own contribution.
	gVries := l.grant(gm, service.GrantInput{BudgetHolderID: vries.ID, Law: "wmo", Reference: fmt.Sprintf("WMO-%d-0012", year), Start: start, End: end,
		DecidedOn: decided, OwnContribution: "21,40", FreeAmount: true, Lines: []service.LineInput{{CareFunction: "Begeleiding individueel", Yearly: "14.400,00"}, {CareFunction: "Huishoudelijke hulp", Yearly: "3.600,00"}}})

	// S. Bakker, 11: Jeugdwet, the parent acts as representative.
	gKind := l.grant(gm, service.GrantInput{BudgetHolderID: kind.ID, Law: "jeugdwet", Reference: fmt.Sprintf("JW-%d-0458", year), Start: start, End: end,
		DecidedOn: decided, Lines: []service.LineInput{{CareFunction: "Begeleiding", Yearly: "9.000,00"}, {CareFunction: "Kortdurend verblijf (logeren)", Yearly: "2.400,00"}}})
	ouder := l.account("ouder@pgbportaal.demo", "M. Bakker")
	_, err = svc.AddRepresentative(ctx, gm, kind.ID, service.RepresentativeInput{Email: "ouder@pgbportaal.demo", Kind: "ouder_voogd", ValidFrom: kind.BirthDate.String(),
		ValidTo: kind.BirthDate.AddMonths(18 * 12).AddDays(-1).String(), // until the child turns 18
		Proof:   service.Upload{Name: "uittreksel-gezag.pdf", Data: []byte("%PDF-1.4\n%%EOF\n")}})
	l.check(err, "representation")
	// The parent is known at DigiD by their own BSN: logging in with DigiD
	// acting for S. Bakker finds this account (identity.go).
	l.check(svc.LinkRepresentativeBSN(ctx, service.System, ouder.ID, RepresentativeBSN), "representative's BSN")
	// The same parent gives informal care to someone else: a second role.
	ouderProv := l.role(ouder, domain.AccountRole{Role: domain.RoleProvider, ProviderID: prov["M. Bakker"].ID})

	// A. El Amrani: Wmo, raised from 1 July after a new indication.
	gAmrani := l.grant(gm, service.GrantInput{BudgetHolderID: amrani.ID, Law: "wmo", Reference: fmt.Sprintf("WMO-%d-0107", year), Start: start, End: end,
		DecidedOn: decided, Lines: []service.LineInput{{CareFunction: "Begeleiding groep (dagbesteding)", Yearly: "6.200,00"}}})
	l.bounce() // the invitation the grant sent is the outbox's first mail
	// Decided in advance when today is before July; the ledger books the
	// raise from 1 July either way.
	july := domain.NewDate(year, 7, 1)
	if l.err == nil {
		_, err = svc.ReviseGrant(ctx, gm, gAmrani.ID, service.RevisionInput{EffectiveFrom: july.String(), Reason: "Herindicatie: twee dagdelen per week extra",
			Lines: []service.LineInput{{CareFunction: "Begeleiding groep (dagbesteding)", Yearly: "9.300,00"}}})
		l.check(err, "revision")
	}

	// H. Jansen: Wlz, last year and this year.
	gJansenOld := l.grant(zk, service.GrantInput{BudgetHolderID: jansen.ID, Law: "wlz", Reference: fmt.Sprintf("WLZ-%d-3301", year-1), Start: lastStart, End: lastEnd,
		DecidedOn: fmt.Sprintf("%d-12-05", year-2), Lines: []service.LineInput{{CareFunction: "Persoonlijke verzorging", Yearly: "38.000,00"}, {CareFunction: "Verpleging", Yearly: "24.000,00"}}})
	l.spend(gJansenOld, []domain.Cents{490_000, 505_000, 498_000, 512_000, 501_000, 495_000, 508_000, 503_000, 499_000, 510_000, 506_000, 515_000}, 0)
	gJansen := l.grant(zk, service.GrantInput{BudgetHolderID: jansen.ID, Law: "wlz", Reference: fmt.Sprintf("WLZ-%d-3301", year), Start: start, End: end,
		DecidedOn: fmt.Sprintf("%d-12-04", year-1), Lines: []service.LineInput{{CareFunction: "Persoonlijke verzorging", Yearly: "40.000,00"}, {CareFunction: "Verpleging", Yearly: "25.000,00"}}})

	// P. Visser: Wlz this year, decided late (retroactive); in the first
	// weeks of January the decision is dated today.
	visserDecided := domain.NewDate(year, 2, 12)
	if visserDecided.After(l.today) {
		visserDecided = l.today
	}
	gVisser := l.grant(zk, service.GrantInput{BudgetHolderID: visser.ID, Law: "wlz", Reference: fmt.Sprintf("WLZ-%d-3517", year), Start: start, End: end,
		DecidedOn: visserDecided.String(), Lines: []service.LineInput{{CareFunction: "Zorgprofiel VV-4: persoonlijke verzorging", Yearly: "31.500,00"}, {CareFunction: "Begeleiding", Yearly: "8.000,00"}}})

	if l.err == nil { // the account the free amount is paid to
		l.check(l.svc.UpdateContact(l.ctx, holder, vries.ID, "budgethouder@pgbportaal.demo", "06-12345678", "NL86 INGB 0002 4455 88"), "iban")
	}
	zv := l.account("zorgverlener@pgbportaal.demo", "Thuiszorg Midden B.V.")
	zvRole := l.role(zv, domain.AccountRole{Role: domain.RoleProvider, ProviderID: prov["Thuiszorg Midden B.V."].ID})
	smit := l.account("zzp@pgbportaal.demo", "R. Smit")
	smitRole := l.role(smit, domain.AccountRole{Role: domain.RoleProvider, ProviderID: prov["Zorg met Aandacht – R. Smit"].ID})
	zzp := service.Actor{AccountID: smit.ID, Name: smit.Name, Role: smitRole}
	informal := service.Actor{AccountID: ouder.ID, Name: ouder.Name, Role: ouderProv}

	// Care agreements, each made with the clock of its start.
	l.agreements(gm, holder, zzp, service.Actor{AccountID: zv.ID, Name: zv.Name, Role: zvRole}, gVries, kind)
	// M. Bakker, an acquaintance, helps J. de Vries since January.
	mbAg := l.portalAgreement(gm, holder, informal, account("ouder@pgbportaal.demo").Password, service.AgreementInput{GrantID: gVries.ID, ProviderID: prov["M. Bakker"].ID,
		Kind: string(domain.AgreementFamily), Start: start, Lines: []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "22,00", MaxUnits: "6", Per: "week"}}})
	lindeKind := l.paperAgreement(&gm, service.AgreementInput{GrantID: gKind.ID, ProviderID: prov["Dagbesteding De Linde"].ID, Kind: string(domain.AgreementInstitution),
		KvK: "45678901", AGB: "02345678", Start: start, Lines: []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "55,00", MaxUnits: "4", Per: "week"}}})
	meijerAmrani := l.paperAgreement(&gm, service.AgreementInput{GrantID: gAmrani.ID, ProviderID: prov["Hulp aan Huis – L. Meijer"].ID, Kind: string(domain.AgreementZZP),
		KvK: "23456789", Start: start, Lines: []service.CareLineInput{{CareType: "dagbesteding", Unit: "dagdeel", Rate: "60,00", MaxUnits: "4", Per: "week"}}})
	tzJansen := l.paperAgreement(&zk, service.AgreementInput{GrantID: gJansen.ID, ProviderID: prov["Thuiszorg Midden B.V."].ID, Kind: string(domain.AgreementInstitution),
		KvK: "34567890", AGB: "01234567", Start: start, CareDescription: "Elke ochtend hulp bij wassen en aankleden; twee keer per week wondzorg en controle van de medicatie, zodat mevrouw Jansen thuis kan blijven wonen.", Lines: []service.CareLineInput{{CareType: "persoonlijke_verzorging", Unit: "uur", Rate: "58,00", MaxUnits: "15", Per: "week"},
			{CareType: "verpleging", Unit: "uur", Rate: "70,00", MaxUnits: "5", Per: "week"}}})
	tzVisser := l.paperAgreement(&zk, service.AgreementInput{GrantID: gVisser.ID, ProviderID: prov["Thuiszorg Midden B.V."].ID, Kind: string(domain.AgreementInstitution),
		KvK: "34567890", AGB: "01234567", Start: start, CareDescription: "Dagelijks hulp bij de persoonlijke verzorging; op woensdag begeleiding bij het plannen van de week en de administratie.", Lines: []service.CareLineInput{{CareType: "persoonlijke_verzorging", Unit: "uur", Rate: "55,00", MaxUnits: "12", Per: "week"},
			{CareType: "begeleiding", Unit: "uur", Rate: "60,00", MaxUnits: "3", Per: "week"}}})

	// Months of care, declared and paid.
	h := func(day time.Weekday, careType string, units int64, rate domain.Cents) careDay {
		return careDay{day: day, careType: careType, unit: domain.UnitHour, units: units, rate: rate}
	}
	everyDay := func(careType string, units int64, rate domain.Cents) []careDay {
		var out []careDay
		for d := time.Sunday; d <= time.Saturday; d++ {
			out = append(out, h(d, careType, units, rate))
		}
		return out
	}
	visserFrom := domain.NewDate(year, 2, 1) // the month after the late decision
	l.history(l.svb,
		// M. Bakker for J. de Vries: every month paid, except the month
		// before last (approved after the run) and last month (it waits).
		&care{agreementID: mbAg, from: yearStart, to: prev, waiting: last, provider: informal, holder: holder, approveDay: 5, lateMonth: prev,
			lines: []careDay{h(time.Monday, "begeleiding", 300, 2200), h(time.Thursday, "begeleiding", 300, 2200)}},
		// On paper: De Linde for S. Bakker (until last month: not yet paid),
		// L. Meijer's day care for A. El Amrani (more after the raise).
		&care{agreementID: lindeKind, from: yearStart, to: last, formal: true, invoice: "DL-SB",
			lines: []careDay{h(time.Wednesday, "begeleiding", 300, 5500)}},
		&care{agreementID: meijerAmrani, from: yearStart, to: prev, formal: true, invoice: "HAH-AE",
			lines:    []careDay{{day: time.Tuesday, careType: "dagbesteding", unit: domain.UnitDayPart, units: 100, rate: 6000}, {day: time.Thursday, careType: "dagbesteding", unit: domain.UnitDayPart, units: 100, rate: 6000}},
			moreFrom: july, more: []careDay{{day: time.Friday, careType: "dagbesteding", unit: domain.UnitDayPart, units: 100, rate: 6000}}},
		// Thuiszorg Midden for H. Jansen and P. Visser, until the month before last.
		&care{agreementID: tzJansen, from: yearStart, to: prev, formal: true, invoice: "TZM-HJ",
			lines: append(everyDay("persoonlijke_verzorging", 200, 5800), h(time.Monday, "verpleging", 200, 7000), h(time.Thursday, "verpleging", 200, 7000))},
		&care{agreementID: tzVisser, from: visserFrom, to: prev, formal: true, invoice: "TZM-PV",
			lines: append(everyDay("persoonlijke_verzorging", 150, 5500), h(time.Wednesday, "begeleiding", 200, 6000))},
	)

	// Waiting for the verstrekkers: agreements that came on paper.
	next := l.today.FirstOfMonth().AddMonths(1)
	if next.After(domain.NewDate(year, 12, 1)) {
		next = l.today
	}
	l.paperAgreement(nil, service.AgreementInput{GrantID: gAmrani.ID, ProviderID: prov["T. de Vries"].ID, Kind: string(domain.AgreementFamily),
		Start: next.String(), Lines: []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "20,00", MaxUnits: "2", Per: "week"}}})
	l.paperAgreement(nil, service.AgreementInput{GrantID: gVisser.ID, ProviderID: prov["Dagbesteding De Linde"].ID, Kind: string(domain.AgreementInstitution),
		KvK: "45678901", AGB: "02345678", Start: next.String(), CareDescription: "Twee dagdelen per week dagbesteding in de tuin van De Linde, voor structuur en contact met anderen.", Lines: []service.CareLineInput{{CareType: "dagbesteding", Unit: "dagdeel", Rate: "65,00", MaxUnits: "2", Per: "week"}}})

	l.findCare(holder, service.Actor{AccountID: zv.ID, Name: zv.Name, Role: zvRole}, zzp, informal, prov)
	return l.err
}

// findCare publishes care profiles (the informal carer M. Bakker keeps
// hers unpublished: informal carers opt in), and J. de Vries' open request
// for begeleiding in Utrecht, which Thuiszorg Midden answered and R. Smit
// can still answer.
func (l *loader) findCare(holder, zv, zzp, informal service.Actor, prov map[string]domain.Provider) {
	if l.err != nil {
		return
	}
	as := func(p domain.Provider) service.Actor {
		return service.Actor{Name: p.Name, Role: domain.AccountRole{Role: domain.RoleProvider, ProviderID: p.ID}}
	}
	weekdays := func(parts ...string) []string {
		var out []string
		for _, d := range []string{"ma", "di", "wo", "do", "vr"} {
			for _, p := range parts {
				out = append(out, d+"-"+p)
			}
		}
		return out
	}
	for _, p := range []struct {
		who service.Actor
		in  service.ProfileInput
	}{
		{zzp, service.ProfileInput{CareTypes: []string{"begeleiding", "persoonlijke_verzorging"}, Laws: []string{"wmo", "wlz"}, Gemeenten: "Utrecht\nZeist\nNieuwegein\nHouten",
			Avail: weekdays("ochtend", "middag"), Languages: []string{"nl", "en"}, RateMin: "48,00", RateMax: "58,00", Published: true,
			Text: "Verpleegkundige (niveau 4) met twintig jaar ervaring in de wijk. Begeleiding bij dagstructuur en administratie, en persoonlijke verzorging."}},
		{zv, service.ProfileInput{CareTypes: []string{"persoonlijke_verzorging", "verpleging", "begeleiding"}, Laws: []string{"wlz", "wmo", "zvw"},
			Gemeenten: "Amersfoort\nUtrecht\nLeusden\nSoest\nBaarn", Avail: append(weekdays("ochtend", "middag", "avond"), "za-ochtend", "zo-ochtend"),
			Languages: []string{"nl", "tr", "ar"}, RateMin: "55,00", RateMax: "72,00", Published: true,
			Text: "Thuiszorg in de regio Amersfoort en Utrecht: verzorging, verpleging en begeleiding, ook in het weekend."}},
		{as(prov["Hulp aan Huis – L. Meijer"]), service.ProfileInput{CareTypes: []string{"huishoudelijke_hulp", "dagbesteding"}, Laws: []string{"wmo"},
			Gemeenten: "Zeist\nUtrecht\nBunnik", Avail: weekdays("ochtend"), Languages: []string{"nl"}, RateMin: "32,50", RateMax: "60,00", Published: true,
			Text: "Hulp in het huishouden en kleinschalige dagbesteding, rustig en vertrouwd."}},
		{as(prov["Dagbesteding De Linde"]), service.ProfileInput{CareTypes: []string{"dagbesteding", "begeleiding"}, Laws: []string{"wmo", "jeugdwet", "wlz"},
			Gemeenten: "Utrecht\nStichtse Vecht\nDe Bilt", Avail: weekdays("ochtend", "middag"), Languages: []string{"nl", "en"}, RateMin: "55,00", RateMax: "65,00", Published: true,
			Text: "Dagbesteding in en rond onze tuin, voor jongeren en volwassenen."}},
		{informal, service.ProfileInput{CareTypes: []string{"begeleiding"}, Laws: []string{"wmo"}, Gemeenten: "Utrecht", Avail: []string{"ma-avond", "do-avond"},
			Languages: []string{"nl"}, RateMin: "22,00", Text: "Mantelzorger; ik help bekenden."}},
	} {
		_, err := l.svc.SaveProfile(l.ctx, p.who, p.in)
		l.check(err, "profile of "+p.who.Name)
	}
	r, err := l.svc.PostRequest(l.ctx, holder, service.RequestInput{CareType: "begeleiding", Gemeente: "Utrecht", Avail: []string{"ma-ochtend", "wo-ochtend"}, Hours: "4",
		Text: "Hulp bij het plannen van de week en bij de post, op maandag- of woensdagochtend."})
	l.check(err, "request")
	if err == nil {
		l.check(l.svc.Answer(l.ctx, zv, r.ID, 0, "Wij hebben op maandagochtend plaats en kunnen in de eerste week kennismaken."), "answer")
	}
	// J. de Vries began the care-need questionnaire: two pages answered.
	id, err := l.svc.StartCareNeed(l.ctx, holder)
	l.check(err, "questionnaire")
	if err == nil {
		l.check(l.svc.SaveCareNeedPage(l.ctx, holder, id, 1, map[string]string{"wassen": "soms", "aankleden": "zelf", "medicijnen": "vaak"}, "Douchen lukt alleen met iemand in de buurt."), "questionnaire page 1")
		l.check(l.svc.SaveCareNeedPage(l.ctx, holder, id, 2, map[string]string{"geldzaken": "altijd", "boodschappen": "soms"}, ""), "questionnaire page 2")
	}
}

// agreements makes the demo's care agreements in the portal: R. Smit's
// with J. de Vries, approved since January (made then, so with the clock of
// then), and one drafted by Thuiszorg Midden for the child that waits for
// the parent's signature. It returns the first's id.
func (l *loader) agreements(gm, holder, zzp, provider service.Actor, g domain.Grant, child domain.BudgetHolder) int64 {
	if l.err != nil {
		return 0
	}
	id := l.portalAgreement(gm, holder, zzp, account("zzp@pgbportaal.demo").Password, service.AgreementInput{GrantID: g.ID, ProviderID: zzp.Role.ProviderID, Kind: "zzp",
		KvK: "12345678", Start: g.Period.Start.String(), TravelPerKm: "0,19",
		Lines: []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "52,50", MaxUnits: "4", Per: "week"},
			{CareType: "huishoudelijke_hulp", Unit: "uur", Rate: "28,00", MaxUnits: "2,5", Per: "week"}}})
	if l.err != nil {
		return 0
	}
	_, err := l.svc.PostMessage(l.ctx, zzp, id, "Vanaf volgende maand komt Sanne de dinsdagen doen; de tijden blijven gelijk.")
	l.check(err, "message")

	// The provider drafts one for the child, from the 1st of this month.
	w, err := l.svc.CreateAgreement(l.ctx, provider, service.AgreementInput{BSN: child.BSN.Full(), BirthDate: child.BirthDate.String(), Law: "jeugdwet",
		Kind: "zorginstelling", KvK: "34567890", AGB: "01234567", Start: l.today.FirstOfMonth().String(),
		Lines: []service.CareLineInput{{CareType: "begeleiding", Unit: "uur", Rate: "58,00", MaxUnits: "3", Per: "week"}}})
	l.check(err, "agreement for the child")
	if l.err != nil {
		return id
	}
	_, err = l.svc.Act(l.ctx, provider, w.ID, service.ActInput{Action: domain.ActSendToSign})
	l.check(err, "send for signing")
	_, err = l.svc.Act(l.ctx, provider, w.ID, service.ActInput{Action: domain.ActSign, Secret: account("zorgverlener@pgbportaal.demo").Password})
	l.check(err, "provider signs")
	return id
}

// portalAgreement is an agreement made in the portal by the budget holder,
// sent for signing by the provider, signed by both, submitted by the
// budget holder and approved by the verstrekker, with the clock of the day
// after its start (or now, when that is later).
func (l *loader) portalAgreement(gm, holder, provider service.Actor, providerPassword string, in service.AgreementInput) int64 {
	if l.err != nil {
		return 0
	}
	start := domain.MustDate(in.Start)
	svc := l.at(time.Date(start.Year, start.Month, start.Day, 10, 0, 0, 0, domain.Amsterdam).AddDate(0, 0, 1))
	v, err := svc.CreateAgreement(l.ctx, holder, in)
	l.check(err, "agreement")
	for _, step := range []struct {
		who service.Actor
		in  service.ActInput
	}{
		{provider, service.ActInput{Action: domain.ActSendToSign}},
		{provider, service.ActInput{Action: domain.ActSign, Secret: providerPassword}},
		{holder, service.ActInput{Action: domain.ActSign, Secret: account("budgethouder@pgbportaal.demo").Password}},
		{holder, service.ActInput{Action: domain.ActSubmit}},
		{gm, service.ActInput{Action: domain.ActApprove}},
	} {
		if l.err != nil {
			return 0
		}
		_, err := svc.Act(l.ctx, step.who, v.ID, step.in)
		l.check(err, "agreement "+string(step.in.Action))
	}
	return v.ID
}

func (l *loader) org(kind domain.OrgKind, name, code string) domain.Organisation {
	if l.err != nil {
		return domain.Organisation{}
	}
	o, err := l.svc.CreateOrganisation(l.ctx, service.System, domain.Organisation{Kind: kind, Name: name, Code: code})
	l.check(err, "organisation "+name)
	return o
}

func (l *loader) account(email, name string) domain.Account {
	if l.err != nil {
		return domain.Account{}
	}
	a := account(email)
	acc, err := l.svc.CreateAccount(l.ctx, service.System, service.NewAccount{Email: email, Name: name, Password: a.Password})
	l.check(err, "account "+email)
	if a.TOTPSecret != "" && l.err == nil {
		// Staff have TOTP on with a fixed secret, so that the start page
		// can show the current code. No use case sets a chosen secret.
		l.check(l.svc.DB().Update(l.ctx, func(tx *store.Tx) error {
			acc.TOTPSecret, acc.TOTPEnabled = a.TOTPSecret, true
			return tx.UpdateAccount(l.ctx, acc)
		}), "totp "+email)
	}
	return acc
}

func (l *loader) role(acc domain.Account, r domain.AccountRole) domain.AccountRole {
	if l.err != nil {
		return r
	}
	r.AccountID = acc.ID
	r, err := l.svc.AddRole(l.ctx, service.System, r)
	l.check(err, "role "+string(r.Role))
	return r
}

// staff creates a staff account and returns it as an actor that has given
// its second factor, so the demo's changes are audited as that employee's.
func (l *loader) staff(email, name string, role domain.Role, org domain.Organisation) service.Actor {
	acc := l.account(email, name)
	r := l.role(acc, domain.AccountRole{Role: role, OrganisationID: org.ID})
	return service.Actor{AccountID: acc.ID, Name: name, Email: email, Role: r, MFA: true}
}

func (l *loader) holder(staff service.Actor, in service.BudgetHolderInput) domain.BudgetHolder {
	if l.err != nil {
		return domain.BudgetHolder{}
	}
	b, err := l.svc.CreateBudgetHolder(l.ctx, staff, in)
	l.check(err, "budget holder "+in.FamilyName)
	return b
}

func (l *loader) grant(staff service.Actor, in service.GrantInput) domain.Grant {
	if l.err != nil {
		return domain.Grant{}
	}
	g, err := l.svc.CreateGrant(l.ctx, staff, in)
	l.check(err, "grant "+in.Reference)
	return g
}

// spend books monthly amounts on a grant for the months of its period that
// have passed: reserved, and paid except for the last 'unpaid' months.
func (l *loader) spend(g domain.Grant, monthly []domain.Cents, unpaid int) {
	if l.err != nil {
		return
	}
	var months []domain.Date
	for m := g.Period.Start.FirstOfMonth(); m.AddMonths(1).AddDays(-1).Before(l.today) && !m.After(g.Period.End) && len(months) < len(monthly); m = m.AddMonths(1) {
		months = append(months, m)
	}
	for i, m := range months {
		amt := monthly[i]
		if amt == 0 {
			continue
		}
		l.check(l.svc.PostForDemo(l.ctx, g.ID, ledger.Reserved, amt, m), "reserve")
		if i < len(months)-unpaid {
			l.check(l.svc.PostForDemo(l.ctx, g.ID, ledger.Paid, amt, m), "pay")
		}
	}
}
