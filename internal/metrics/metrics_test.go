package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestWrite(t *testing.T) {
	r := New()
	r.Observe("GET /toekenningen/{id}", 200, 30*time.Millisecond)
	r.Observe("GET /toekenningen/{id}", 404, 2*time.Millisecond)
	var b strings.Builder
	r.Write(&b)
	out := b.String()
	for _, want := range []string{
		`pgb_http_requests_total{route="GET /toekenningen/{id}",code="200"} 1`,
		`pgb_http_requests_total{route="GET /toekenningen/{id}",code="404"} 1`,
		`pgb_http_request_duration_seconds_bucket{route="GET /toekenningen/{id}",le="0.005"} 1`,
		`pgb_http_request_duration_seconds_bucket{route="GET /toekenningen/{id}",le="0.05"} 2`,
		`pgb_http_request_duration_seconds_count{route="GET /toekenningen/{id}"} 2`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %s in\n%s", want, out)
		}
	}
}
