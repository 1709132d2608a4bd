package i18n

import (
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// TestUnitsAboveMaxShowsUnits: the agreed maximum is shown as units, not
// as money (the review saw "maximaal € 10,00 week").
func TestUnitsAboveMaxShowsUnits(t *testing.T) {
	if got := T("nl", "check.units_above_max", domain.UnitCount(1000), domain.PerWeek); got != "Meer dan afgesproken: maximaal 10 per week." {
		t.Errorf("nl: %q", got)
	}
	if got := T("en", "check.units_above_max", domain.UnitCount(750), domain.PerWeek); got != "More than agreed: at most 7.5 per week." {
		t.Errorf("en: %q", got)
	}
}
