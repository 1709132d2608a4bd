package web

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/pgbportaal/pgbportaal/internal/metrics"
)

// cutWriter takes limit bytes, then fails as a connection to a client
// that stopped reading does.
type cutWriter struct {
	*httptest.ResponseRecorder
	limit int
}

func (w *cutWriter) Write(b []byte) (int, error) {
	if w.Body.Len()+len(b) > w.limit {
		return 0, errors.New("i/o timeout")
	}
	return w.ResponseRecorder.Write(b)
}

// A response broken off half-way (a client too slow for the minimum rate)
// is logged as incomplete, not as a delivered 200; a whole one as before.
func TestBrokenOffResponseIsLoggedIncomplete(t *testing.T) {
	var log bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&log, nil)), cfg: Config{Metrics: metrics.New()}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /betaalruns/{id}/bestand", func(w http.ResponseWriter, r *http.Request) {
		for range 4 {
			if _, err := w.Write(make([]byte, 1000)); err != nil {
				return
			}
		}
	})
	h := s.observe(mux, mux)
	h.ServeHTTP(&cutWriter{ResponseRecorder: httptest.NewRecorder(), limit: 2500}, httptest.NewRequest("GET", "/betaalruns/7/bestand", nil))
	if got := log.String(); !strings.Contains(got, "level=WARN") || !strings.Contains(got, "incomplete=true") {
		t.Fatalf("a broken-off download is logged as delivered: %s", got)
	}
	log.Reset()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/betaalruns/7/bestand", nil))
	if got := log.String(); strings.Contains(got, "incomplete") || !strings.Contains(got, "status=200") {
		t.Fatalf("a whole download: %s", got)
	}
}
