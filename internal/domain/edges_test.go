package domain

import "testing"

// TestRespiteAtTwoPlaces: respite care for a night another provider already
// declared for the budget holder is held with a signal, not accepted.
func TestRespiteAtTwoPlaces(t *testing.T) {
	night := NewDate(2026, 10, 10)
	d := Declaration{Kind: DeclCare, Period: Period{Start: NewDate(2026, 10, 1), End: NewDate(2026, 10, 31)},
		Lines: []DeclLine{{Date: night, CareType: RespiteCareType, Unit: UnitEtmaal, Units: 100, Rate: 10000}}}
	for _, c := range []struct {
		elsewhere map[Date]bool
		want      bool
	}{{nil, false}, {map[Date]bool{night.AddDays(1): true}, false}, {map[Date]bool{night: true}, true}} {
		got := false
		for _, s := range signalRespiteElsewhere(d, CheckInput{RespiteNightsElsewhere: c.elsewhere}) {
			got = got || (s.Code == "signal_respite_elsewhere" && s.Args[0] == night)
		}
		if got != c.want {
			t.Errorf("elsewhere %v: signal %v", c.elsewhere, got)
		}
	}
}

// TestRetroactiveGrantDeadlines: for a grant decided after the month, the
// deadline counts from the decision date.
func TestRetroactiveGrantDeadlines(t *testing.T) {
	d := Declaration{Kind: DeclCare, Period: Period{Start: NewDate(2026, 9, 1), End: NewDate(2026, 9, 30)}, SentToHolder: NewDate(2026, 11, 23)}
	late := func(in CheckInput) bool {
		ref, _ := Check(d, in)
		for _, f := range ref {
			if f.Code == "late_to_holder" {
				return true
			}
		}
		return false
	}
	if !late(CheckInput{Today: NewDate(2026, 11, 23)}) {
		t.Error("September sent on 23 November is late for a grant decided before it")
	}
	if late(CheckInput{Today: NewDate(2026, 11, 23), GrantDecidedOn: NewDate(2026, 11, 22)}) {
		t.Error("September of a grant decided on 22 November counted from the end of September")
	}
}
