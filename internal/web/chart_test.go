package web

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/domain"
	"github.com/pgbportaal/pgbportaal/internal/service"
)

func TestSpendingChart(t *testing.T) {
	months := []service.MonthFlow{
		{Month: domain.MustDate("2026-01-01"), Budget: 100000, Paid: 80000},
		{Month: domain.MustDate("2026-02-01"), Budget: 100000, Paid: 50000, Reserved: 30000},
		{Month: domain.MustDate("2026-03-01"), Budget: 100000},
	}
	svg := string(spendingChart("nl", months))
	if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, svg)
	}
	if got := strings.Count(svg, "<rect"); got != 3 {
		t.Errorf("want 3 bars (2 paid, 1 reserved), got %d", got)
	}
	for _, want := range []string{">jan<", ">'26<", "feb", "mrt", "€ 800,00", "€ 300,00", `role="img"`} {
		if !strings.Contains(svg, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if strings.Contains(svg, "style=") {
		t.Error("inline style would be blocked by the CSP")
	}
	if spendingChart("nl", nil) != "" {
		t.Error("empty chart should render nothing")
	}
}
