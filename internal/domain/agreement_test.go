package domain

import (
	"fmt"
	"strings"
	"testing"
)

// TestLifecycleEveryPartyStateAction walks every party × state × action and
// compares with the expected table, written out here independently of the
// implementation's map: "state action: parties -> next".
func TestLifecycleEveryPartyStateAction(t *testing.T) {
	expected := `
concept edit: budgethouder zorgverlener svb verstrekker -> concept
concept send_for_signing: budgethouder zorgverlener svb verstrekker -> ter_ondertekening
ter_ondertekening sign: budgethouder zorgverlener -> ter_ondertekening
ter_ondertekening back_to_concept: budgethouder zorgverlener -> concept
ondertekend submit: budgethouder svb verstrekker -> bij_verstrekker
ondertekend back_to_concept: budgethouder zorgverlener -> concept
bij_verstrekker approve: verstrekker -> goedgekeurd
bij_verstrekker reject: verstrekker -> afgekeurd
afgekeurd edit: budgethouder zorgverlener -> concept
goedgekeurd change: budgethouder zorgverlener -> goedgekeurd
goedgekeurd propose_end: budgethouder zorgverlener -> goedgekeurd
goedgekeurd end: verstrekker svb -> beeindigd
`
	want := map[string]AgreementState{}
	for _, line := range strings.Split(strings.TrimSpace(expected), "\n") {
		head, rest, _ := strings.Cut(line, ": ")
		parties, next, _ := strings.Cut(rest, " -> ")
		for _, p := range strings.Fields(parties) {
			want[head+" "+p] = AgreementState(next)
		}
	}
	states := []AgreementState{StateConcept, StateSigning, StateSigned, StateSubmitted, StateApproved, StateRejected, StateEnded}
	actions := []AgreementAction{ActEdit, ActSendToSign, ActSign, ActBackToDraft, ActSubmit, ActApprove, ActReject, ActProposeEnd, ActEnd, ActChange}
	parties := []Party{PartyHolder, PartyProvider, PartyVerstrekker, PartySVB}
	n := 0
	for _, s := range states {
		for _, a := range actions {
			for _, p := range parties {
				key := fmt.Sprintf("%s %s %s", s, a, p)
				got, err := Next(s, a, p, false)
				exp, ok := want[key]
				switch {
				case ok && err != nil:
					t.Errorf("%s: refused (%v), want -> %s", key, err, exp)
				case ok && got != exp:
					t.Errorf("%s: -> %s, want -> %s", key, got, exp)
				case !ok && err == nil:
					t.Errorf("%s: allowed (-> %s), want refused", key, got)
				case !ok:
					if e, _ := AsError(err); e == nil || e.Kind != KindConflict {
						t.Errorf("%s: refusal is not a conflict: %v", key, err)
					}
				}
				n++
			}
		}
	}
	if n != 7*10*4 {
		t.Fatalf("walked %d combinations", n)
	}
	// The second signature completes the pair.
	if s, err := Next(StateSigning, ActSign, PartyProvider, true); err != nil || s != StateSigned {
		t.Errorf("second signature: %s %v", s, err)
	}
	if got := Allowed(StateSubmitted, PartyVerstrekker); len(got) != 2 {
		t.Errorf("verstrekker's actions on a submitted agreement: %v", got)
	}
}

func TestValidateTerms(t *testing.T) {
	grant := Period{MustDate("2026-01-01"), MustDate("2026-12-31")}
	tariffs := func(careType string, kind ProviderKind) (Cents, bool) {
		if careType == "persoonlijke_verzorging" {
			if kind.Formal() {
				return 3856, true
			}
			return 2000, true
		}
		return 0, false
	}
	good := AgreementTerms{Kind: AgreementZZP, Start: MustDate("2026-02-01"), Lines: []CareLine{{CareType: "persoonlijke_verzorging", Unit: UnitHour, Rate: 3856, MaxUnits: 1000, Per: PerWeek}}}
	for _, c := range []struct {
		name   string
		change func(*AgreementTerms)
		law    Law
		field  string
		code   string
	}{
		{"valid", func(*AgreementTerms) {}, Wmo, "", ""},
		{"rate at the tariff", func(a *AgreementTerms) { a.Lines[0].Rate = 3856 }, Zvw, "", ""},
		{"rate a cent above the tariff", func(a *AgreementTerms) { a.Lines[0].Rate = 3857 }, Zvw, "lines[0].rate", "rate_above_tariff"},
		{"informal tariff is lower", func(a *AgreementTerms) { a.Kind = AgreementFamily; a.Lines[0].Rate = 2001 }, Zvw, "lines[0].rate", "rate_above_tariff"},
		{"no tariff known", func(a *AgreementTerms) { a.Lines[0].CareType = "begeleiding"; a.Lines[0].Rate = 9999 }, Wmo, "", ""},
		{"unknown care type", func(a *AgreementTerms) { a.Lines[0].CareType = "massage" }, Wmo, "lines[0].care_type", "care_type_unknown"},
		{"start before the grant", func(a *AgreementTerms) { a.Start = MustDate("2025-12-31") }, Wmo, "start", "date_outside_grant"},
		{"end after the grant", func(a *AgreementTerms) { a.End = MustDate("2027-01-01") }, Wmo, "end", "date_outside_grant"},
		{"end before start", func(a *AgreementTerms) { a.End = MustDate("2026-01-15") }, Wmo, "end", "end_before_start"},
		{"hours not in quarters", func(a *AgreementTerms) { a.Lines[0].MaxUnits = 1010 }, Wmo, "lines[0].max_units", "units_step"},
		{"travel above 0.23", func(a *AgreementTerms) { a.TravelPerKm = 24 }, Wmo, "travel_per_km", "travel_above_max"},
		{"travel at 0.23", func(a *AgreementTerms) { a.TravelPerKm = 23 }, Wmo, "", ""},
		{"employment needs days", func(a *AgreementTerms) { a.Kind = AgreementEmployment; a.HoursPerWeek = 2000 }, Wmo, "days_per_week", "days_per_week_range"},
		{"wlz needs a zorgbeschrijving", func(*AgreementTerms) {}, Wlz, "care_description", "care_description_required"},
		{"no lines", func(a *AgreementTerms) { a.Lines = nil }, Wmo, "lines", "lines_required"},
	} {
		terms := good
		terms.Lines = append([]CareLine(nil), good.Lines...)
		c.change(&terms)
		var v Validation
		ValidateTerms(&v, terms, grant, c.law, tariffs)
		e, _ := AsError(v.Err())
		if c.field == "" {
			if e != nil {
				t.Errorf("%s: refused: %v", c.name, e)
			}
			continue
		}
		found := false
		for _, f := range fieldsOf(e) {
			found = found || (f.Field == c.field && f.Code == c.code)
		}
		if !found {
			t.Errorf("%s: want %s %s, got %v", c.name, c.field, c.code, e)
		}
	}
}

func fieldsOf(e *Error) []FieldError {
	if e == nil {
		return nil
	}
	return e.Fields
}

func TestAgreementRules(t *testing.T) {
	today := MustDate("2026-11-23")
	for _, c := range []struct {
		start string
		retro bool
		ok    bool
	}{
		{"2026-09-28", false, true},  // exactly 8 weeks back
		{"2026-09-27", false, false}, // one day more
		{"2026-09-27", true, true},   // retroactive grant
		{"2026-12-01", false, true},  // future
	} {
		if err := CheckStartAtSubmission(MustDate(c.start), today, c.retro); (err == nil) != c.ok {
			t.Errorf("start %s retro %v: %v", c.start, c.retro, err)
		}
	}
	for days, want := range map[int]bool{3: false, 4: true, 5: true} {
		if got := PayrollRequired(AgreementTerms{Kind: AgreementEmployment, DaysPerWeek: days}); got != want {
			t.Errorf("payroll at %d days: %v", days, got)
		}
	}
	if CheckChangeDate(MustDate("2026-12-01")) != nil || CheckChangeDate(MustDate("2026-12-02")) == nil {
		t.Error("a change takes effect on the 1st of a month")
	}
	old := AgreementTerms{Kind: AgreementZZP, Start: MustDate("2026-01-01"), End: MustDate("2026-06-30"), Lines: []CareLine{{"begeleiding", UnitHour, 5000, 800, PerWeek}}}
	longer := old
	longer.End = MustDate("2026-12-31")
	if ChangeNeedsApproval(old, longer) {
		t.Error("a longer term alone needs no new approval")
	}
	dearer := old
	dearer.Lines = []CareLine{{"begeleiding", UnitHour, 5100, 800, PerWeek}}
	if !ChangeNeedsApproval(old, dearer) {
		t.Error("a changed rate needs approval")
	}
}

func TestDiffTerms(t *testing.T) {
	old := AgreementTerms{Kind: AgreementZZP, Start: MustDate("2026-01-01"), Lines: []CareLine{
		{"begeleiding", UnitHour, 5250, 400, PerWeek}, {"huishoudelijke_hulp", UnitHour, 2800, 250, PerWeek}}}
	new := old
	new.End = MustDate("2026-12-31")
	new.Lines = []CareLine{{"begeleiding", UnitHour, 5500, 400, PerWeek}, {"dagbesteding", UnitDayPart, 6000, 200, PerWeek}}
	got := DiffTerms(old, new, "nl")
	want := []TermChange{
		{"end", "", "", "31-12-2026"},
		{"rate", "begeleiding", "€ 52,50", "€ 55,00"},
		{"line_added", "dagbesteding", "", "€ 60,00"},
		{"line_removed", "huishoudelijke_hulp", "€ 28,00", ""},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("diff\n got %v\nwant %v", got, want)
	}
	if len(DiffTerms(old, old, "nl")) != 0 {
		t.Error("no change should give no diff")
	}
}

func TestSniffUpload(t *testing.T) {
	for _, c := range []struct {
		data []byte
		want string
		code string
	}{
		{[]byte("%PDF-1.7\n..."), "application/pdf", ""},
		{[]byte("\x89PNG\r\n\x1a\nxxxx"), "image/png", ""},
		{[]byte("\xff\xd8\xff\xe0xxxx"), "image/jpeg", ""},
		{[]byte("MZ\x90\x00 an exe named scan.pdf"), "", "file_type"},
		{[]byte("<html>not a pdf</html>"), "", "file_type"},
		{nil, "", "file_required"},
		{append([]byte("%PDF-"), make([]byte, MaxUploadBytes)...), "", "file_too_large"},
	} {
		got, err := SniffUpload("scan", c.data)
		code := ""
		if e, ok := AsError(err); ok {
			code = e.Fields[0].Code
		}
		if got != c.want || code != c.code {
			t.Errorf("%.12q: %q %q, want %q %q", c.data, got, code, c.want, c.code)
		}
	}
}
