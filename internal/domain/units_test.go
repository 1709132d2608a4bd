package domain

import "testing"

func TestUnitsFormat(t *testing.T) {
	for _, c := range []struct {
		u      UnitCount
		nl, en string
	}{{1000, "10", "10"}, {750, "7,5", "7.5"}, {25, "0,25", "0.25"}, {0, "0", "0"}, {-150, "-1,5", "-1.5"}} {
		if got := c.u.Format("nl"); got != c.nl {
			t.Errorf("%d nl: %q", c.u, got)
		}
		if got := c.u.Format("en"); got != c.en {
			t.Errorf("%d en: %q", c.u, got)
		}
	}
}
