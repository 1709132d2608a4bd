package domain

import (
	"testing"
)

// baseCheck is a care declaration for October 2026 by a zzp'er that passes
// every check; each case changes one thing.
func baseCheck() (Declaration, CheckInput) {
	terms := AgreementTerms{Kind: AgreementZZP, Start: MustDate("2026-01-01"), Lines: []CareLine{
		{CareType: "begeleiding", Unit: UnitHour, Rate: 5000, MaxUnits: 1000, Per: PerWeek},
		{CareType: "kortdurend_verblijf", Unit: UnitEtmaal, Rate: 15000, MaxUnits: 800, Per: PerMonth},
	}}
	d := Declaration{Kind: DeclCare, Period: Period{MustDate("2026-10-01"), MustDate("2026-10-31")},
		Lines:         []DeclLine{{Date: MustDate("2026-10-05"), CareType: "begeleiding", Unit: UnitHour, Units: 400, Rate: 5000}},
		HasAttachment: true, InvoiceTotal: 20000, SentToHolder: MustDate("2026-11-02"), SubmittedByHolder: MustDate("2026-11-04")}
	in := CheckInput{Today: MustDate("2026-11-23"), Law: Wmo, GrantPeriod: Period{MustDate("2026-01-01"), MustDate("2026-12-31")},
		Agreement:    []AgreementPeriod{{Period{MustDate("2026-01-01"), MustDate("2026-12-31")}, terms}},
		ProviderKind: ProviderZZP, Left: 100000, IBAN: "NL91ABNA0417164300",
		MaxRate: func(careType string, kind ProviderKind) (Cents, bool) {
			if careType == "begeleiding" {
				return 5500, true
			}
			return 0, false
		}}
	return d, in
}

func line(date, careType string, unit Unit, units int64, rate Cents) DeclLine {
	return DeclLine{Date: MustDate(date), CareType: careType, Unit: unit, Units: units, Rate: rate}
}

func TestChecks(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Declaration, *CheckInput)
		want   string // refusal code expected; "" = none at all
	}{
		{"all well", func(*Declaration, *CheckInput) {}, ""},
		// 1. In force; inside the grant and the period.
		{"date outside the period", func(d *Declaration, _ *CheckInput) { d.Lines[0].Date = MustDate("2026-09-30") }, "date_outside_period"},
		{"agreement not yet in force", func(_ *Declaration, in *CheckInput) { in.Agreement[0].Period.Start = MustDate("2026-10-06") }, "agreement_not_in_force"},
		{"agreement in force from that very day", func(_ *Declaration, in *CheckInput) { in.Agreement[0].Period.Start = MustDate("2026-10-05") }, ""},
		// 2. Period fully passed.
		{"period not passed", func(d *Declaration, in *CheckInput) { in.Today = MustDate("2026-10-31") }, "period_not_passed"},
		{"period passed yesterday", func(d *Declaration, in *CheckInput) { in.Today = MustDate("2026-11-01") }, ""},
		// 3. Care type, agreed rate, tariff.
		{"care type not agreed", func(d *Declaration, _ *CheckInput) { d.Lines[0].CareType = "verpleging" }, "care_type_not_agreed"},
		{"a cent above the agreed rate", func(d *Declaration, _ *CheckInput) { d.Lines[0].Rate = 5001; d.InvoiceTotal = 20004 }, "rate_above_agreed"},
		{"agreed rate above the tariff", func(_ *Declaration, in *CheckInput) {
			in.MaxRate = func(string, ProviderKind) (Cents, bool) { return 4999, true }
		}, "agreed_rate_above_tariff"},
		// 4. Units within the agreed maximum per week.
		{"exactly the weekly maximum", func(d *Declaration, _ *CheckInput) {
			d.Lines = append(d.Lines, line("2026-10-06", "begeleiding", UnitHour, 400, 5000), line("2026-10-07", "begeleiding", UnitHour, 200, 5000))
			d.InvoiceTotal = 50000
		}, ""},
		{"a quarter above the weekly maximum", func(d *Declaration, _ *CheckInput) {
			d.Lines = append(d.Lines, line("2026-10-06", "begeleiding", UnitHour, 400, 5000), line("2026-10-07", "begeleiding", UnitHour, 225, 5000))
			d.InvoiceTotal = 51250
		}, "units_above_max"},
		// 5. Duplicates.
		{"the same day twice", func(d *Declaration, _ *CheckInput) {
			d.Lines = append(d.Lines, line("2026-10-05", "begeleiding", UnitHour, 100, 5000))
			d.InvoiceTotal = 25000
		}, "duplicate_line"},
		{"declared before", func(_ *Declaration, in *CheckInput) {
			in.Declared = map[DupKey]bool{{MustDate("2026-10-05"), "begeleiding"}: true}
		}, "duplicate_line"},
		// 6. 24 hours a day over all budget holders.
		{"exactly 24 hours that day", func(_ *Declaration, in *CheckInput) {
			in.ProviderDayUnits = map[Date]int64{MustDate("2026-10-05"): 2000}
		}, ""},
		{"over 24 hours that day", func(_ *Declaration, in *CheckInput) {
			in.ProviderDayUnits = map[Date]int64{MustDate("2026-10-05"): 2025}
		}, "over_24_hours_day"},
		// 7. Budget.
		{"exactly the budget left", func(_ *Declaration, in *CheckInput) { in.Left = 20000 }, ""},
		{"a cent more than left", func(_ *Declaration, in *CheckInput) { in.Left = 19999 }, "budget_insufficient"},
		// 8. IBAN and invoice.
		{"invalid IBAN", func(_ *Declaration, in *CheckInput) { in.IBAN = "NL91ABNA0417164301" }, "iban_invalid"},
		{"blocked IBAN", func(_ *Declaration, in *CheckInput) { in.IBANBlocked = true }, "iban_blocked"},
		{"no invoice", func(d *Declaration, _ *CheckInput) { d.HasAttachment = false }, "invoice_missing"},
		{"invoice total differs", func(d *Declaration, _ *CheckInput) { d.InvoiceTotal = 20001 }, "invoice_total_mismatch"},
		{"informal care needs no invoice", func(d *Declaration, in *CheckInput) { d.HasAttachment = false; in.ProviderKind = ProviderInformal }, ""},
		// 9. One a month, quarters, 40 hours a week, respite.
		{"second declaration this month", func(_ *Declaration, in *CheckInput) { in.AgreementMonthDeclared = true }, "second_declaration_month"},
		{"not a quarter hour", func(d *Declaration, _ *CheckInput) { d.Lines[0].Units = 410 }, "units_step"},
		{"40 hours that week exactly", func(_ *Declaration, in *CheckInput) { in.ProviderWeekUnits = map[Week]int64{{2026, 41}: 3600} }, ""},
		{"over 40 hours that week", func(_ *Declaration, in *CheckInput) { in.ProviderWeekUnits = map[Week]int64{{2026, 41}: 3625} }, "over_40_hours_week"},
		{"institutions may exceed 40 hours", func(_ *Declaration, in *CheckInput) {
			in.ProviderWeekUnits = map[Week]int64{{2026, 41}: 3625}
			in.ProviderKind = ProviderInstitution
		}, ""},
		{"respite up to 156 etmalen", func(d *Declaration, in *CheckInput) {
			d.Lines = append(d.Lines, line("2026-10-10", "kortdurend_verblijf", UnitEtmaal, 200, 15000))
			d.InvoiceTotal = 50000
			in.RespiteEtmalenYear = 15400
		}, ""},
		{"respite over 156 etmalen", func(d *Declaration, in *CheckInput) {
			d.Lines = append(d.Lines, line("2026-10-10", "kortdurend_verblijf", UnitEtmaal, 200, 15000))
			d.InvoiceTotal = 50000
			in.RespiteEtmalenYear = 15500
		}, "respite_over_156"},
		// 10. Deadlines: 6 weeks to the budget holder, 4 weeks to submit.
		{"sent on the last day of 6 weeks", func(d *Declaration, _ *CheckInput) {
			d.SentToHolder, d.SubmittedByHolder = MustDate("2026-12-12"), MustDate("2026-12-12")
		}, ""},
		{"sent a day after 6 weeks", func(d *Declaration, in *CheckInput) {
			d.SentToHolder, d.SubmittedByHolder = MustDate("2026-12-13"), MustDate("2026-12-13")
			in.Today = MustDate("2026-12-14")
		}, "late_to_holder"},
		{"submitted a day after 4 weeks", func(d *Declaration, in *CheckInput) {
			d.SubmittedByHolder = MustDate("2026-12-01")
			in.Today = MustDate("2026-12-02")
		}, "late_to_funder"},
		{"late but allowed by staff", func(d *Declaration, in *CheckInput) {
			d.SubmittedByHolder = MustDate("2026-12-01")
			d.LateAllowed = true
		}, ""},
		// Travel costs: only where agreed, at most the agreed rate and € 0.23 a km.
		{"travel at the agreed rate", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.TravelPerKm = 19
			d.TravelKm, d.TravelPerKm = 4250, 19 // 42.5 km × 0.19 = 8.075 → 8.08
			d.InvoiceTotal = 20808
		}, ""},
		{"travel not agreed", func(d *Declaration, _ *CheckInput) {
			d.TravelKm, d.TravelPerKm = 1000, 19
			d.InvoiceTotal = 20190
		}, "travel_not_agreed"},
		{"travel a cent above the agreed rate", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.TravelPerKm = 19
			d.TravelKm, d.TravelPerKm = 1000, 20
			d.InvoiceTotal = 20200
		}, "travel_rate_above_agreed"},
		{"travel at the untaxed maximum", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.TravelPerKm = 23
			d.TravelKm, d.TravelPerKm = 1000, 23
			d.InvoiceTotal = 20230
		}, ""},
		{"travel above the untaxed maximum", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.TravelPerKm = 24 // agreed before the rule, or on paper
			d.TravelKm, d.TravelPerKm = 1000, 24
			d.InvoiceTotal = 20240
		}, "travel_rate_above_max"},
		{"a travel declaration without kilometres", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.TravelPerKm = 19
			d.Kind, d.Lines, d.InvoiceTotal = DeclTravel, nil, 0
		}, "travel_km_required"},
		{"a travel declaration", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.TravelPerKm = 19
			d.Kind, d.Lines, d.TravelKm, d.TravelPerKm, d.InvoiceTotal = DeclTravel, nil, 10000, 19, 1900
		}, ""},
		// The feestdagenuitkering is for employees.
		{"feestdagenuitkering for an employee", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.Kind, in.ProviderKind = AgreementEmployment, ProviderInformal
			d.Kind, d.Lines, d.Amount = DeclHolidayPay, nil, 12000
		}, ""},
		{"feestdagenuitkering for a zzp'er", func(d *Declaration, _ *CheckInput) {
			d.Kind, d.Lines, d.Amount, d.InvoiceTotal = DeclHolidayPay, nil, 12000, 12000
		}, "kind_not_allowed"},
		{"feestdagenuitkering without an amount", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.Kind, in.ProviderKind = AgreementEmployment, ProviderInformal
			d.Kind, d.Lines = DeclHolidayPay, nil
		}, "amount_required"},
		// Sick reports: no care declared on a day the employee was sick.
		{"care on a sick day", func(_ *Declaration, in *CheckInput) {
			in.SickDays = map[Date]bool{MustDate("2026-10-05"): true}
		}, "declared_while_sick"},
		{"care the day after recovery", func(_ *Declaration, in *CheckInput) {
			in.SickDays = map[Date]bool{MustDate("2026-10-04"): true}
		}, ""},
	} {
		d, in := baseCheck()
		c.change(&d, &in)
		refusals, _ := Check(d, in)
		if c.want == "" {
			if len(refusals) != 0 {
				t.Errorf("%s: refused %v", c.name, refusals)
			}
			continue
		}
		found := false
		for _, r := range refusals {
			found = found || r.Code == c.want
		}
		if !found {
			t.Errorf("%s: want %s, got %v", c.name, c.want, refusals)
		}
	}
}

func TestFraudSignals(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*Declaration, *CheckInput)
		want   string
	}{
		{"nothing odd", func(*Declaration, *CheckInput) {}, ""},
		{"IBAN shared with an unrelated provider", func(_ *Declaration, in *CheckInput) { in.ProvidersSharingIBAN = 1 }, "signal_shared_iban"},
		{"20 budget holders is normal for a zzp'er", func(_ *Declaration, in *CheckInput) { in.ProviderHolders = 20 }, ""},
		{"21 budget holders for a zzp'er", func(_ *Declaration, in *CheckInput) { in.ProviderHolders = 21 }, "signal_many_budget_holders"},
		{"hours jump", func(d *Declaration, in *CheckInput) {
			in.ProviderHoursHistory = []int64{1600, 1600, 1600} // 16 h a month
			for i := 6; i <= 13; i++ {                          // +8 × 4 h = 36 h
				d.Lines = append(d.Lines, line("2026-10-"+twoDigits(i), "begeleiding", UnitHour, 400, 5000))
			}
		}, "signal_hours_jump"},
		{"steady hours", func(_ *Declaration, in *CheckInput) { in.ProviderHoursHistory = []int64{400, 400, 400} }, ""},
		{"a new provider has no history to jump from", func(d *Declaration, in *CheckInput) {
			in.ProviderHoursHistory = []int64{0, 0, 1600}
			for i := 6; i <= 13; i++ {
				d.Lines = append(d.Lines, line("2026-10-"+twoDigits(i), "begeleiding", UnitHour, 400, 5000))
			}
		}, ""},
		{"every line at the maximum rate", func(d *Declaration, in *CheckInput) {
			in.Agreement[0].Terms.Lines[0].Rate = 5500
			d.Lines = nil
			for i := 5; i <= 8; i++ {
				d.Lines = append(d.Lines, line("2026-10-"+twoDigits(i), "begeleiding", UnitHour, 100, 5500))
			}
		}, "signal_all_max_rate"},
	} {
		d, in := baseCheck()
		c.change(&d, &in)
		_, signals := Check(d, in)
		if c.want == "" {
			if len(signals) != 0 {
				t.Errorf("%s: signals %v", c.name, signals)
			}
			continue
		}
		found := false
		for _, s := range signals {
			found = found || s.Code == c.want
		}
		if !found {
			t.Errorf("%s: want %s, got %v", c.name, c.want, signals)
		}
	}
}

func TestISOWeekAndTotal(t *testing.T) {
	if w := WeekOf(MustDate("2026-01-01")).String(); w != "2026-W01" {
		t.Errorf("week = %s", w)
	}
	if w := WeekOf(MustDate("2027-01-01")).String(); w != "2026-W53" {
		t.Errorf("week of 2027-01-01 = %s", w)
	}
	d := Declaration{Lines: []DeclLine{{Units: 125, Rate: 3856}, {Units: 25, Rate: 2114}}, TravelKm: 1250, TravelPerKm: 23}
	if d.Total() != 4820+529+288 { // 12.5 km × 0.23 = 2.875 → 2.88
		t.Errorf("total %d", d.Total())
	}
}

// BenchmarkCheck measures the checks alone on a typical month: 20 days of
// care by a provider with history.
//
//	go test -run x -bench Check ./internal/domain/
func BenchmarkCheck(b *testing.B) {
	d, in := baseCheck()
	d.Lines = nil
	for day := 1; day <= 28; day++ {
		date := NewDate(2026, 10, day)
		if date.Time().Weekday() == 0 || date.Time().Weekday() == 6 {
			continue
		}
		d.Lines = append(d.Lines, DeclLine{Date: date, CareType: "begeleiding", Unit: UnitHour, Units: 200, Rate: 5000})
	}
	d.InvoiceTotal = d.Total()
	in.Left = 500000
	in.ProviderDayUnits = map[Date]int64{NewDate(2026, 10, 5): 600}
	in.ProviderWeekUnits = map[Week]int64{{2026, 41}: 1200}
	in.ProviderHoursHistory = []int64{4000, 4200, 3900}
	in.Declared = map[DupKey]bool{{MustDate("2026-09-30"), "begeleiding"}: true}
	b.ReportAllocs()
	for b.Loop() {
		if r, _ := Check(d, in); len(r) != 0 {
			b.Fatal(r)
		}
	}
}
