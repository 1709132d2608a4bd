package domain

import (
	"reflect"
	"testing"
)

func TestDeclarableMonths(t *testing.T) {
	d := MustDate
	year := Period{Start: d("2026-01-01"), End: d("2026-12-31")}
	fromOct := []AgreementPeriod{{Period: Period{Start: d("2026-10-01")}}}
	fromJan := []AgreementPeriod{{Period: Period{Start: d("2026-01-01")}}}
	endedAug15 := []AgreementPeriod{{Period: Period{Start: d("2026-01-01"), End: d("2026-08-15")}}}
	for _, tc := range []struct {
		name      string
		today     Date
		agreement []AgreementPeriod
		grant     Period
		decided   Date
		declared  map[Date]bool
		want      map[string]string // month → deadline
	}{
		{"the last month and the one before while its six weeks run", d("2026-11-05"), fromJan, year, d("2025-12-10"), nil,
			map[string]string{"2026-09": "2026-11-11", "2026-10": "2026-12-12"}},
		{"a month whose deadline passed is not offered", d("2026-11-23"), fromJan, year, d("2025-12-10"), nil,
			map[string]string{"2026-10": "2026-12-12"}},
		{"a declared month is not offered", d("2026-11-05"), fromJan, year, d("2025-12-10"), map[Date]bool{d("2026-10-01"): true},
			map[string]string{"2026-09": "2026-11-11"}},
		{"not before the agreement starts", d("2026-11-05"), fromOct, year, d("2025-12-10"), nil,
			map[string]string{"2026-10": "2026-12-12"}},
		{"not the month now running", d("2026-10-20"), fromOct, year, d("2025-12-10"), nil, map[string]string{}},
		{"not after the agreement ended", d("2026-09-20"), endedAug15, year, d("2025-12-10"), nil,
			map[string]string{"2026-08": "2026-10-12"}},
		{"not after the grant ended", d("2027-01-20"), fromJan, year, d("2025-12-10"), nil,
			map[string]string{"2026-12": "2027-02-11"}},
		{"a grant decided late: its months count from the decision", d("2026-03-01"), fromJan,
			year, d("2026-02-12"), nil, map[string]string{"2026-01": "2026-03-26", "2026-02": "2026-04-11"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := map[string]string{}
			for _, m := range DeclarableMonths(tc.today, tc.agreement, tc.grant, tc.decided, tc.declared) {
				got[m.Key()] = m.Deadline.String()
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDayClosed(t *testing.T) {
	d := MustDate
	grant := Period{Start: d("2026-01-01"), End: d("2026-10-15")}
	ag := []AgreementPeriod{{Period: Period{Start: d("2026-03-10"), End: d("2026-05-31")}}, {Period: Period{Start: d("2026-06-01")}}}
	for day, want := range map[string]string{"2026-03-09": DayOutsideAgreement, "2026-03-10": "", "2026-06-01": "", "2026-10-15": "",
		"2026-10-16": DayOutsideGrant, "2025-12-31": DayOutsideGrant} {
		if got := DayClosed(d(day), ag, grant); got != want {
			t.Errorf("%s: %q, want %q", day, got, want)
		}
	}
}
