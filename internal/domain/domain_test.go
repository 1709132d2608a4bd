package domain

import (
	"testing"
)

func TestRoundHalfUp(t *testing.T) {
	for _, c := range []struct{ num, den, want int64 }{
		{5, 10, 1}, {4, 10, 0}, {15, 10, 2}, {25, 10, 3}, {-5, 10, -1}, {-4, 10, 0}, {-15, 10, -2},
		{0, 7, 0}, {1, 3, 0}, {2, 3, 1}, {99, 100, 1}, {149, 100, 1}, {150, 100, 2},
	} {
		if got := RoundHalfUp(c.num, c.den); got != c.want {
			t.Errorf("RoundHalfUp(%d,%d) = %d, want %d", c.num, c.den, got, c.want)
		}
	}
}

func TestLineAmount(t *testing.T) {
	for _, c := range []struct {
		units int64
		rate  Cents
		want  Cents
	}{
		{125, 3856, 4820},                     // 1.25 h × € 38,56
		{25, 2114, 529},                       // 0.25 h × € 21,14 = 5,285 → 5,29 (half up)
		{33, 1001, 330},                       // 0.33 × 10,01 = 3,3033
		{100, 5708, 5708},                     // one hour nursing
		{0, 7700, 0},                          // nothing
		{2400, 7239, 173736},                  // 24 h
		{1 << 40, 1 << 20, 11529215046068470}, // large values do not overflow
	} {
		if got := LineAmount(c.units, c.rate); got != c.want {
			t.Errorf("LineAmount(%d, %d) = %d, want %d", c.units, c.rate, got, c.want)
		}
	}
}

func TestCentsFormatAndParse(t *testing.T) {
	for _, c := range []struct {
		c      Cents
		nl, en string
	}{
		{0, "€ 0,00", "€0.00"},
		{5, "€ 0,05", "€0.05"},
		{123456, "€ 1.234,56", "€1,234.56"},
		{-300, "-€ 3,00", "-€3.00"},
		{100000000, "€ 1.000.000,00", "€1,000,000.00"},
	} {
		if got := c.c.Format("nl"); got != c.nl {
			t.Errorf("%d nl = %q, want %q", c.c, got, c.nl)
		}
		if got := c.c.Format("en"); got != c.en {
			t.Errorf("%d en = %q, want %q", c.c, got, c.en)
		}
	}
	for _, c := range []struct {
		in   string
		want Cents
		ok   bool
	}{
		{"1234", 123400, true}, {"1234,5", 123450, true}, {"1.234,56", 123456, true},
		{"1234.56", 123456, true}, {"€ 12,00", 1200, true}, {"1,234.56", 123456, true},
		{"1.234", 123400, true}, // a dot followed by three digits groups thousands
		{"0,05", 5, true}, {"-3", -300, true}, {"", 0, false}, {"12a", 0, false},
		{"1,2,3", 0, false}, {"12.345,6", 1234560, true}, {"abc", 0, false}, {"9999999999999999", 0, false},
	} {
		got, err := ParseCents(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseCents(%q) = %d, %v; want %d ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestBSN(t *testing.T) {
	for _, c := range []struct {
		in, want, code string
	}{
		{"111222333", "111222333", ""},
		{"123456782", "123456782", ""},
		{"1234.56.782", "123456782", ""},
		{" 123 456 782 ", "123456782", ""},
		{"12345678", "012345678", "bsn_invalid"}, // read with leading zero; fails the proof
		{"123456789", "", "bsn_invalid"},
		{"000000000", "", "bsn_invalid"}, // sum 0 is not a BSN
		{"1234567", "", "bsn_length"},
		{"12345678a", "", "bsn_length"},
		{"", "", "bsn_required"},
	} {
		got, err := ParseBSN(c.in)
		if c.code == "" {
			if err != nil || string(got) != c.want {
				t.Errorf("ParseBSN(%q) = %q, %v; want %q", c.in, got, err, c.want)
			}
			continue
		}
		e, ok := AsError(err)
		if !ok || e.Fields[0].Code != c.code || e.Fields[0].Field != "bsn" {
			t.Errorf("ParseBSN(%q) error = %v, want code %s", c.in, err, c.code)
		}
	}
	b := BSN("123456782")
	if b.Masked() != "******782" || b.String() != "******782" {
		t.Errorf("masked = %q / %q", b.Masked(), b.String())
	}
}

func TestIBAN(t *testing.T) {
	for _, c := range []struct{ in, want, code string }{
		{"NL91ABNA0417164300", "NL91ABNA0417164300", ""},
		{"nl91 abna 0417 1643 00", "NL91ABNA0417164300", ""},
		{"NL02ABNA0123456789", "NL02ABNA0123456789", ""},
		{"DE89370400440532013000", "DE89370400440532013000", ""},
		{"GB82WEST12345698765432", "GB82WEST12345698765432", ""},
		{"NL91ABNA0417164301", "", "iban_checksum"},
		{"NL91ABNA041716430", "", "iban_length"},
		{"XX91ABNA0417164300", "", "iban_country"},
		{"NL91ABNA04171643!0", "", "iban_invalid"},
		{"", "", "iban_required"},
	} {
		got, err := ParseIBAN(c.in)
		if c.code == "" {
			if err != nil || string(got) != c.want {
				t.Errorf("ParseIBAN(%q) = %q, %v", c.in, got, err)
			}
			continue
		}
		if e, ok := AsError(err); !ok || e.Fields[0].Code != c.code {
			t.Errorf("ParseIBAN(%q) error = %v, want %s", c.in, err, c.code)
		}
	}
	if f := IBAN("NL91ABNA0417164300").Formatted(); f != "NL91 ABNA 0417 1643 00" {
		t.Errorf("Formatted = %q", f)
	}
}

func TestAGBKvK(t *testing.T) {
	if a, err := ParseAGB("0123 4567"); err != nil || a != "01234567" {
		t.Errorf("AGB = %q %v", a, err)
	}
	for _, bad := range []string{"1234567", "123456789", "1234567a", ""} {
		if _, err := ParseAGB(bad); err == nil {
			t.Errorf("AGB %q accepted", bad)
		}
		if _, err := ParseKvK(bad); err == nil {
			t.Errorf("KvK %q accepted", bad)
		}
	}
	if k, err := ParseKvK("12.345.678"); err != nil || k != "12345678" {
		t.Errorf("KvK = %q %v", k, err)
	}
}

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2024-02-29", NewDate(2024, 2, 29), true},
		{"29-02-2024", NewDate(2024, 2, 29), true},
		{"1-3-2024", NewDate(2024, 3, 1), true},
		{"2023-02-29", Date{}, false}, // not a leap year
		{"31-04-2024", Date{}, false},
		{"2024-13-01", Date{}, false},
		{"", Date{}, false},
		{"gisteren", Date{}, false},
	} {
		got, err := ParseDate(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestProRata(t *testing.T) {
	p := func(a, b string) Period { return Period{MustDate(a), MustDate(b)} }
	for _, c := range []struct {
		name   string
		yearly Cents
		p      Period
		want   Cents
	}{
		{"whole year", 3650000, p("2023-01-01", "2023-12-31"), 3650000},
		{"whole leap year", 3650000, p("2024-01-01", "2024-12-31"), 3650000},
		{"february leap year", 3660000, p("2024-02-01", "2024-02-29"), 290000},
		{"february common year", 3650000, p("2023-02-01", "2023-02-28"), 280000},
		{"one day leap year", 3660000, p("2024-02-29", "2024-02-29"), 10000},
		{"second half 2023", 1000000, p("2023-07-01", "2023-12-31"), 504110}, // 184/365 → 504109,59
		{"across new year", 1000000, p("2023-12-01", "2024-01-31"), 84932 + 84699},
		{"two whole years", 1200000, p("2023-01-01", "2024-12-31"), 2400000},
		{"empty", 1000000, p("2024-02-02", "2024-02-01"), 0},
	} {
		if got := ProRata(c.yearly, c.p); got != c.want {
			t.Errorf("%s: ProRata = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestGrantedAmountWithRevisions(t *testing.T) {
	period := Period{MustDate("2024-01-01"), MustDate("2024-12-31")}
	revs := []GrantRevision{
		{EffectiveFrom: MustDate("2024-07-01"), Lines: []GrantLine{{"begeleiding", 2000000}}},
		{EffectiveFrom: MustDate("2024-01-01"), Lines: []GrantLine{{"begeleiding", 1200000}, {"huishoudelijke hulp", 600000}}},
	}
	SortRevisions(revs)
	// First half (182 days of 366) at 18,000/yr, second half (184 days) at 20,000/yr.
	want := ProRata(1200000, Period{MustDate("2024-01-01"), MustDate("2024-06-30")}) +
		ProRata(600000, Period{MustDate("2024-01-01"), MustDate("2024-06-30")}) +
		ProRata(2000000, Period{MustDate("2024-07-01"), MustDate("2024-12-31")})
	if got := GrantedAmount(period, revs); got != want || got != 895082+1005464 {
		t.Errorf("GrantedAmount = %d, want %d (= %d)", got, want, 895082+1005464)
	}
	// Without revisions, lines add up.
	one := []GrantRevision{{EffectiveFrom: period.Start, Lines: []GrantLine{{"a", 100000}, {"b", 250000}}}}
	if got := GrantedAmount(period, one); got != 350000 {
		t.Errorf("lines add up: %d", got)
	}
}

func TestValidateGrant(t *testing.T) {
	var v Validation
	ValidateGrantPeriod(&v, Period{MustDate("2024-02-01"), MustDate("2024-01-01")})
	ValidateGrantLines(&v, []GrantLine{{"begeleiding", 100}, {"Begeleiding", 0}, {"", 5}})
	e, _ := AsError(v.Err())
	want := map[string]string{"end": "end_before_start", "lines[1].care_function": "care_function_twice",
		"lines[1].yearly": "amount_positive", "lines[2].care_function": "care_function_required"}
	if e == nil || len(e.Fields) != len(want) {
		t.Fatalf("got %v", v.Err())
	}
	for _, f := range e.Fields {
		if want[f.Field] != f.Code {
			t.Errorf("field %s: %s, want %s", f.Field, f.Code, want[f.Field])
		}
	}
	var ok Validation
	ValidateGrantPeriod(&ok, Period{MustDate("2024-01-01"), MustDate("2024-12-31")})
	ValidateGrantLines(&ok, []GrantLine{{"begeleiding", 100}})
	if ok.Err() != nil {
		t.Errorf("valid grant refused: %v", ok.Err())
	}
}

func TestFreeAmount(t *testing.T) {
	y := Period{MustDate("2024-01-01"), MustDate("2024-12-31")}
	for _, c := range []struct {
		budget, want Cents
		p            Period
	}{
		{Euros(10000, 0), Euros(250, 0), y},                                                      // 1.5% = 150 → at least 250
		{Euros(20000, 0), Euros(300, 0), y},                                                      // 1.5% = 300
		{Euros(100000, 0), Euros(1250, 0), y},                                                    // 1500 → at most 1250
		{Euros(16666, 67), Euros(250, 0), y},                                                     // 250.0000 exactly at the floor
		{Euros(16700, 0), Euros(250, 50), y},                                                     // just above the floor
		{Euros(83333, 33), Euros(1250, 0), y},                                                    // 1249.99995 → 1250.00 at the ceiling
		{Euros(83300, 0), Euros(1249, 50), y},                                                    // just below the ceiling
		{Euros(40000, 0), Euros(300, 0), Period{MustDate("2024-01-01"), MustDate("2024-06-30")}}, // 600 × 182/366 = 298.36
	} {
		got := c.want
		if c.p.End.Month == 6 {
			got = ProRata(Euros(600, 0), c.p)
		}
		if fa := FreeAmount(c.budget, c.p); fa != got {
			t.Errorf("FreeAmount(%d) = %d, want %d", c.budget, fa, got)
		}
	}
}

func TestPeriod(t *testing.T) {
	p := Period{MustDate("2024-01-01"), MustDate("2024-12-31")}
	if p.Days() != 366 || !p.Contains(MustDate("2024-02-29")) || p.Contains(MustDate("2025-01-01")) {
		t.Errorf("period arithmetic wrong: %d", p.Days())
	}
	open := Period{Start: MustDate("2024-01-01")}
	if !open.Contains(MustDate("2030-01-01")) {
		t.Error("open period should contain later dates")
	}
}

func TestForecastSpending(t *testing.T) {
	year := Period{Start: MustDate("2026-01-01"), End: MustDate("2026-12-31")}
	nov1 := MustDate("2026-11-01") // 304 days passed: 1 January to 31 October
	for _, c := range []struct {
		name    string
		granted Cents
		used    Cents
		today   Date
		want    Forecast
	}{
		{"nothing spent yet", 3650000, 0, nov1, Forecast{}},
		{"the period has not begun", 3650000, 100, MustDate("2026-01-01"), Forecast{}},
		{"exactly on pace: lasts, nothing left", 3650000, 304 * 10000, nov1, Forecast{PerMonth: 300000, LeftAtEnd: 0, Known: true}},
		{"a euro a day too fast: runs out on 27 December", 3650000, 304 * 10100, nov1, Forecast{PerMonth: 303000, LastsUntil: MustDate("2026-12-27"), Known: true}},
		{"slower: something left", 3650000, 304 * 5000, nov1, Forecast{PerMonth: 150000, LeftAtEnd: 3650000 - 365*5000, Known: true}},
		{"after the period: what is left", 3650000, 3000000, MustDate("2027-02-01"), Forecast{PerMonth: RoundCents(3000000, 365) * 30, LeftAtEnd: 650000, Known: true}},
	} {
		if got := ForecastSpending(c.granted, c.used, year, c.today); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// RoundCents divides rounding half up, as the forecast does.
func RoundCents(a, b int64) Cents { return Cents(RoundHalfUp(a, b)) }

func TestGrantFreeAmountFollowsTheBudget(t *testing.T) {
	y := Period{MustDate("2026-01-01"), MustDate("2026-12-31")}
	g := Grant{Period: y, FreeAmount: true, Revisions: []GrantRevision{{EffectiveFrom: y.Start, Lines: []GrantLine{{CareFunction: "begeleiding", Yearly: Euros(40000, 0)}}}}}
	if got := GrantFreeAmount(g); got != Euros(600, 0) {
		t.Errorf("free amount of 40,000: %d", got)
	}
	g.Revisions = append(g.Revisions, GrantRevision{EffectiveFrom: MustDate("2026-07-01"), Lines: []GrantLine{{CareFunction: "begeleiding", Yearly: Euros(20000, 0)}}})
	if got := GrantFreeAmount(g); got != Euros(300, 0) {
		t.Errorf("lowered to 20,000: %d", got)
	}
	g.FreeAmount = false
	if got := GrantFreeAmount(g); got != 0 {
		t.Errorf("a grant without one: %d", got)
	}
}

func TestPayrollWage(t *testing.T) {
	emp := AgreementTerms{Kind: AgreementEmployment, DaysPerWeek: 4, HoursPerWeek: 1600, Lines: []CareLine{{CareType: "begeleiding", Unit: UnitHour, Rate: 2000}}}
	for _, c := range []struct {
		name   string
		change func(*AgreementTerms)
		want   Cents
	}{
		{"4 days: payroll required", func(*AgreementTerms) {}, 138667},
		{"3 days without opting in", func(t *AgreementTerms) { t.DaysPerWeek = 3 }, 0},
		{"3 days, opted in", func(t *AgreementTerms) { t.DaysPerWeek, t.Payroll = 3, true }, 138667},
		{"a zzp agreement", func(t *AgreementTerms) { t.Kind = AgreementZZP }, 0},
		{"no hourly line", func(t *AgreementTerms) { t.Lines[0].Unit = UnitDay }, 0},
		{"12 hours at 24,44", func(t *AgreementTerms) { t.HoursPerWeek, t.Lines[0].Rate = 1200, 2444 }, 127088}, // 12 × 24,44 × 52 / 12 = 1.270,88
	} {
		terms := emp
		terms.Lines = append([]CareLine(nil), emp.Lines...)
		c.change(&terms)
		if got := PayrollWage(terms); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
	nov := Period{MustDate("2026-11-01"), MustDate("2026-11-30")}
	for _, c := range []struct {
		name    string
		inForce []Period
		want    Cents
	}{
		{"the whole month", []Period{{MustDate("2026-01-01"), Date{}}}, 300000},
		{"from the 16th: 15 of 30 days", []Period{{MustDate("2026-11-16"), Date{}}}, 150000},
		{"ended on the 10th", []Period{{MustDate("2026-01-01"), MustDate("2026-11-10")}}, 100000},
		{"two versions cover the month", []Period{{MustDate("2026-01-01"), MustDate("2026-11-14")}, {MustDate("2026-11-15"), Date{}}}, 300000},
		{"not in force", []Period{{MustDate("2026-12-01"), Date{}}}, 0},
	} {
		if got := WageForMonth(300000, c.inForce, nov); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestSettle(t *testing.T) {
	for _, c := range []struct {
		name                                   string
		granted, paid, reserved, used, allowed Cents
		freeBack, left, back                   Cents
	}{
		{"spent part, free amount within", 1200000, 900000, 0, 25000, 25000, 0, 300000, 300000},
		{"all spent", 1200000, 1200000, 0, 0, 25000, 0, 0, 0},
		{"still reserved is not returned", 1200000, 800000, 100000, 0, 25000, 0, 300000, 300000},
		{"nothing spent on care: the free amount goes back", 1200000, 25000, 0, 25000, 25000, 25000, 1175000, 1200000},
		{"budget lowered below the free amount used", 1000000, 600000, 0, 30000, 25000, 5000, 400000, 405000},
		{"a cent of care keeps the free amount", 1200000, 25001, 0, 25000, 25000, 0, 1174999, 1174999},
	} {
		s := Settle(c.granted, c.paid, c.reserved, c.used, c.allowed)
		if s.FreeToReturn != c.freeBack || s.Left != c.left || s.ToReturn != c.back {
			t.Errorf("%s: %+v", c.name, s)
		}
	}
}
