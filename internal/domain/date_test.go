package domain

import "testing"

func TestDateString(t *testing.T) {
	for _, c := range []struct {
		d    Date
		want string
	}{
		{Date{2026, 2, 28}, "2026-02-28"},
		{Date{2026, 12, 1}, "2026-12-01"},
		{Date{1, 1, 1}, "0001-01-01"},
		{Date{987, 10, 31}, "0987-10-31"},
		{Date{9999, 12, 31}, "9999-12-31"},
		{Date{2200, 1, 9}, "2200-01-09"},
		{Date{10000, 1, 1}, "10000-01-01"},
		{Date{}, ""},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%#v: %q, want %q", c.d, got, c.want)
		}
		if c.d.Year >= 1900 && c.d.Year <= 2200 { // the years ParseDate takes
			if back, err := ParseDate(c.want); err != nil || back != c.d {
				t.Errorf("%q parses back to %v, %v", c.want, back, err)
			}
		}
	}
}
