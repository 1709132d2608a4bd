package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pgbportaal/pgbportaal/internal/api"
	"github.com/pgbportaal/pgbportaal/internal/service"
	"github.com/pgbportaal/pgbportaal/internal/store/storetest"
	"github.com/pgbportaal/pgbportaal/internal/web"
)

// TestRequestID: every response carries an X-Request-ID and the request's
// log line names it. A trusted proxy's sane id is kept, so the proxy's log
// and ours can be joined; a client that is not a trusted proxy, or an id
// that is not sane (spaces, quotes, an address, too long), gets a new one.
func TestRequestID(t *testing.T) {
	db := storetest.OpenSQLite(t)
	svc := service.New(db, service.Options{Now: func() time.Time { return now }, FileDir: t.TempDir()})
	serve := func(trusted string) (*httptest.Server, *lockedBuffer) {
		var logs lockedBuffer
		log := slog.New(slog.NewTextHandler(&logs, nil))
		s, err := web.New(web.Config{Service: svc, Logger: log, API: api.New(svc, log), TrustedProxies: []netip.Prefix{netip.MustParsePrefix(trusted)}})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(s.Handler())
		t.Cleanup(srv.Close)
		return srv, &logs
	}
	get := func(srv *httptest.Server, path, id string) string {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if id != "" {
			req.Header.Set("X-Request-ID", id)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("X-Request-ID")
	}
	generated := regexp.MustCompile(`^[0-9a-f]{16}$`)

	proxied, logs := serve("127.0.0.0/8")
	if got := get(proxied, "/inloggen", "proxy-7f3a.1"); got != "proxy-7f3a.1" {
		t.Errorf("a trusted proxy's id was not kept: %q", got)
	}
	if !strings.Contains(logs.String(), `route="GET /inloggen" status=200`) || !strings.Contains(logs.String(), "request_id=proxy-7f3a.1") {
		t.Errorf("the log line does not name the request id:\n%s", logs.String())
	}
	for _, bad := range []string{`a b`, `"quoted"`, "jan@example.nl", strings.Repeat("x", 65)} {
		if got := get(proxied, "/inloggen", bad); !generated.MatchString(got) {
			t.Errorf("an insane id %q was kept as %q", bad, got)
		}
	}
	id := get(proxied, "/api/v1/me", "")
	if !generated.MatchString(id) || !strings.Contains(logs.String(), `route="GET /api/v1/me" status=401`) || !strings.Contains(logs.String(), "request_id="+id) {
		t.Errorf("an API request without an id got %q; log:\n%s", id, logs.String())
	}

	direct, _ := serve("192.0.2.0/24")
	if got := get(direct, "/inloggen", "chosen-by-client"); got == "chosen-by-client" || !generated.MatchString(got) {
		t.Errorf("a client that is no trusted proxy chose its id: %q", got)
	}
	a, b := get(direct, "/inloggen", ""), get(direct, "/inloggen", "")
	if a == b {
		t.Errorf("two requests got the same id %q", a)
	}
}
