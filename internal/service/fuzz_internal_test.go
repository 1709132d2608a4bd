package service

// Fuzz targets for hours and for a declaration as typed (the month grid,
// the CSV upload and the API all end in parseDeclaration).

import (
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

func FuzzParseUnits(f *testing.F) {
	for _, s := range []string{"7,5", "7.5", "8", "0,25", "1.000,5", "24", "-1", "", "7,555", "1e2", "7,5 uur", "½", ",25", "99999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		u, err := parseUnits(in)
		if err != nil {
			if e, ok := domain.AsError(err); !ok || e.Kind != domain.KindInvalid {
				t.Fatalf("%q: %v, want a validation error", in, err)
			}
			return
		}
		// Hours as shown (in hundredths, "7,50") read back as themselves.
		for _, form := range []string{domain.Cents(u).Plain("nl"), domain.Cents(u).Plain("en")} {
			if again, err := parseUnits(form); err != nil || again != u {
				t.Fatalf("%q read as %d, shown %q, read back as %d %v", in, u, form, again, err)
			}
		}
	})
}

// FuzzParseDeclaration: whatever is typed into a declaration, what is
// accepted lies in its month, has positive units in the unit's step, a
// known care type at a rate that is not negative, no day twice, and line
// amounts that do not overflow; what is refused names its fields.
func FuzzParseDeclaration(f *testing.F) {
	f.Add("zorg", "2026-10", "2026-10-05", "verzorging", "uur", "7,5", "", "", "", "")
	f.Add("zorg", "2026-10", "5-10-2026", "verzorging", "uur", "8", "30,00", "12", "", "F-1")
	f.Add("zorg", "2026-02", "2026-02-29", "verzorging", "uur", "1", "", "", "", "")
	f.Add("zorg", "2026-10", "2026-11-01", "verzorging", "uur", "7,3", "-5", "", "", "")
	f.Add("reiskosten", "2026-10", "", "", "", "", "", "12,5", "", "")
	f.Add("feestdagenuitkering", "2026-12", "", "", "", "", "", "", "123,45", "")
	f.Add("vrij_besteedbaar", "2026-10", "", "", "", "", "", "", "", "")
	f.Add("", "2026-13", "x", "onbekend", "dag", "999999999999999", "999999999999999", "-1", "0", "")
	f.Fuzz(func(t *testing.T, kind, month, date, careType, unit, units, rate, km, amount, invoice string) {
		terms := domain.AgreementTerms{Kind: domain.AgreementZZP, TravelPerKm: 23,
			Lines: []domain.CareLine{{CareType: "verzorging", Unit: domain.UnitHour, Rate: 3250}, {CareType: "begeleiding", Unit: domain.UnitDayPart, Rate: 6000}}}
		in := DeclarationInput{Kind: kind, Month: month, TravelKm: km, Amount: amount, InvoiceNumber: invoice, InvoiceTotal: amount,
			Lines: []DeclLineInput{{Date: date, CareType: careType, Unit: unit, Units: units, Rate: rate}, {Date: date, CareType: careType, Unit: unit, Units: units}}}
		d, err := parseDeclaration(in, terms)
		if err != nil {
			e, ok := domain.AsError(err)
			if !ok || e.Kind != domain.KindInvalid || len(e.Fields) == 0 {
				t.Fatalf("%+v: %v, want field errors", in, err)
			}
			for _, fe := range e.Fields {
				switch base, _, _ := strings.Cut(fe.Field, "."); base {
				case "kind", "month", "invoice_total", "travel_km", "amount", "lines", "lines[0]", "lines[1]":
				default:
					t.Fatalf("%+v: error on unknown field %q", in, fe.Field)
				}
			}
			return
		}
		if !d.Kind.Valid() || d.Kind == domain.DeclFreeAmount || d.Period.Start.Day != 1 || d.Period.End.AddDays(1).Day != 1 {
			t.Fatalf("%+v accepted as %+v", in, d)
		}
		seen := map[domain.DupKey]bool{}
		for _, l := range d.Lines {
			k := domain.DupKey{Date: l.Date, CareType: l.CareType}
			if !d.Period.Contains(l.Date) || l.Units <= 0 || l.Rate < 0 || seen[k] {
				t.Fatalf("%+v accepted with line %+v", in, l)
			}
			seen[k] = true
			if l.Unit.Valid() && l.Units%l.Unit.Step() != 0 {
				t.Fatalf("%+v: units %d not in steps of %d", in, l.Units, l.Unit.Step())
			}
			agreed := false
			for _, cl := range terms.Lines {
				agreed = agreed || cl.CareType == l.CareType && cl.Unit == l.Unit
			}
			if !agreed && strings.TrimSpace(rate) == "" {
				t.Fatalf("%+v: line %+v of a care type not agreed", in, l)
			}
			if a := domain.LineAmount(l.Units, l.Rate); a < 0 {
				t.Fatalf("%+v: line amount %d overflows", in, a)
			}
		}
		if d.TravelKm < 0 || d.Amount < 0 || d.InvoiceTotal < 0 {
			t.Fatalf("%+v accepted as %+v", in, d)
		}
	})
}
