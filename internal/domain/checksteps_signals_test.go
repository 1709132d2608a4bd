package domain_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
)

// TestFraudSignalsOnlyAtApproval: every fraud signal the checks can give
// (each has its text check.signal_* in the catalog) is judged when the
// budget holder approves, never when the provider sends: a signal holds a
// declaration for the verstrekker, which only an approval may do.
func TestFraudSignalsOnlyAtApproval(t *testing.T) {
	b, err := os.ReadFile("../i18n/catalog/nl.json")
	if err != nil {
		t.Fatal(err)
	}
	codes := regexp.MustCompile(`"check\.(signal_[a-z_]+)"`).FindAllStringSubmatch(string(b), -1)
	if len(codes) < 5 {
		t.Fatalf("found %d signals in the catalog", len(codes))
	}
	for _, c := range codes {
		if domain.RunsAt(c[1], domain.StepEntry) || !domain.RunsAt(c[1], domain.StepApproval) {
			t.Errorf("%s runs at entry or not at approval", c[1])
		}
	}
}
