package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// lockedBuffer is a log sink the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestAPIRequestsAreLoggedByOperation: the request log names the API's own
// pattern (GET /api/v1/grants/{id}), not the prefix /api/v1/ where the API
// is mounted, so errors and latency per operation can be told apart.
func TestAPIRequestsAreLoggedByOperation(t *testing.T) {
	db := storetest.OpenSQLite(t)
	svc := service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir()})
	var logs lockedBuffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	s, err := web.New(web.Config{Service: svc, Logger: log, API: api.New(svc, log)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	for _, path := range []string{"/api/v1/grants/7", "/api/v1/declarations/3/approve", "/api/v1/bestaat-niet"} {
		method := "GET"
		if strings.HasSuffix(path, "/approve") {
			method = "POST"
		}
		req, _ := http.NewRequestWithContext(context.Background(), method, srv.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	out := logs.String()
	for _, want := range []string{`route="GET /api/v1/grants/{id}" status=401`, `route="POST /api/v1/declarations/{id}/{action}" status=401`, `route=/api/v1/ status=404`} {
		if !strings.Contains(out, want) {
			t.Errorf("the log has no %s:\n%s", want, out)
		}
	}
}
