package metrics

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// The handler serves the real exposition: a scraper parses it, finds the
// per-route histogram with the right buckets and the request counts by
// code, and the payment-run step counted with its duration.
func TestExposition(t *testing.T) {
	r := New()
	r.Observe("GET /toekenningen/{id}", 200, 30*time.Millisecond)
	r.Observe("GET /toekenningen/{id}", 404, 2*time.Millisecond)
	r.PayRunStep("prepare", "ok", 3*time.Second)
	r.Counters("pgb_test_total", "A test family.", "kind", func() map[string]int64 { return map[string]int64{"a": 2, "b": 5} })

	rec := httptest.NewRecorder()
	r.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	fams, err := Parse(rec.Body)
	if err != nil {
		t.Fatalf("the exposition does not parse: %v", err)
	}
	h := fams[HTTPDuration]
	if h == nil || len(h.Metric) != 1 {
		t.Fatalf("no histogram per route: %v", h)
	}
	m := h.Metric[0]
	if got := m.Label[0].GetValue(); got != "GET /toekenningen/{id}" {
		t.Errorf("route label %q", got)
	}
	hist := m.GetHistogram()
	if hist.GetSampleCount() != 2 {
		t.Errorf("count %d, want 2", hist.GetSampleCount())
	}
	for _, b := range hist.Bucket {
		want := uint64(0)
		switch {
		case b.GetUpperBound() >= 0.03:
			want = 2
		case b.GetUpperBound() >= 0.002:
			want = 1
		}
		if b.GetCumulativeCount() != want {
			t.Errorf("bucket le=%g holds %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
	if got := testutil.ToFloat64(r.requests.WithLabelValues("GET /toekenningen/{id}", "404")); got != 1 {
		t.Errorf("404s: %g", got)
	}
	if got := testutil.ToFloat64(r.payRuns.WithLabelValues("prepare", "ok")); got != 1 {
		t.Errorf("payment runs: %g", got)
	}
	r.Counters("pgb_test_total", "A test family.", "kind", func() map[string]int64 { return map[string]int64{"a": 2, "b": 5} }) // again: replaced
	want := `
# HELP pgb_test_total A test family.
# TYPE pgb_test_total counter
pgb_test_total{kind="a"} 2
pgb_test_total{kind="b"} 5
`
	if err := testutil.GatherAndCompare(r.Gatherer(), strings.NewReader(want), "pgb_test_total"); err != nil {
		t.Error(err)
	}
	for _, name := range []string{PayRunDuration, "go_goroutines", "process_start_time_seconds", "pgb_uptime_seconds"} {
		if fams[name] == nil {
			t.Errorf("no %s", name)
		}
	}
}
