package app

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/config"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
)

// TestMetricsNotOnTheSite: /metrics is not answered on the site's own
// handler; the metrics handler (served by pgb serve on -metrics-addr)
// counts the site's requests.
func TestMetricsNotOnTheSite(t *testing.T) {
	svc := service.New(storetest.OpenSQLite(t), service.Options{Now: time.Now, FileDir: filepath.Join(t.TempDir(), "files")})
	site, metrics, err := Handlers(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), config.Defaults, false, "test")
	if err != nil {
		t.Fatal(err)
	}
	get := func(h http.Handler, path string) (int, string) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec.Code, rec.Body.String()
	}
	get(site, "/inloggen")
	if code, body := get(site, "/metrics"); code != http.StatusNotFound || strings.Contains(body, "pgb_http_requests_total") {
		t.Errorf("/metrics on the site: %d", code)
	}
	if code, body := get(metrics, "/metrics"); code != 200 || !strings.Contains(body, `pgb_http_requests_total{route="GET /inloggen",code="200"} 1`) {
		t.Errorf("the metrics listener: %d\n%s", code, body)
	}
}
